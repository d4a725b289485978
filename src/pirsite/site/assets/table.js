/* pirsite: filter, facet and sort the index tables, in the browser, with no library.

   Every table inside a .pirsite-table block gets a filter box; its column headings become sort
   buttons (aria-sort on the heading says the order to a screen reader). The block's attributes
   add facets:
     data-facets="Status|Severity|Domains"  checkbox groups over those columns (a cell may hold
                                            several values, comma-separated)
     data-order-status="reported|triage|..."  the Status column sorts in this (lifecycle) order
     data-closed="resolved|closed"          an Open / Closed choice over the Status column
     data-rows="rows.json" data-total="9000"  the page holds the first rows of a longer table:
                                            the rest load from that data file (its URL relative
                                            to the page), every row of it, before the table is
                                            enhanced; a .pirsite-more note in the block, which
                                            says so, is hidden once they are in
   With one such table on a page the view lives in the address (?status=triage&sort=detected),
   so a filtered view can be shared. On a phone each row reads as a card (the cells carry their
   column name in data-label). Without JavaScript the table is a plain table of the rows the
   page holds. */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    if (a === "" || b === "") return a === b ? 0 : (a === "" ? 1 : -1);  /* blanks last */
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function split(value) {
    return value.split("|").map(function (v) { return v.trim(); }).filter(Boolean);
  }

  function key(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function valuesOf(row, index) {
    return cellText(row, index).split(",").map(function (v) { return v.trim(); }).filter(Boolean);
  }

  function make(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      if (name === "text") node.textContent = props[name];
      else node.setAttribute(name, props[name]);
    });
    return node;
  }

  /* The rows of the data file, in place of the first ones the page holds. A cell is text, or
     {"strong": text}, {"code": text}, or {"link": id}: a link to that record, made like the
     page's own links in that column with their id swapped for this one (so the links follow
     the site's URL style). Nothing is ever read as markup. A failed request (no server: a
     file:// page) leaves the page's rows and its note. Null when there is nothing to load. */
  function load(block) {
    var table = block.querySelector("table");
    var total = parseInt(block.dataset.total || "0", 10);
    if (!block.dataset.rows || !table || !table.tBodies[0] || table.tBodies[0].rows.length >= total) {
      return null;
    }
    if (!window.fetch || !window.Promise) return null;
    var links = {};  /* column -> [href, the id it names], from the page's rows */
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        var a = cell.querySelector("a[href]");
        if (a && !links[index]) links[index] = [a.getAttribute("href"), a.textContent.trim()];
      });
    });
    function cellOf(cell, value, index) {
      if (value && typeof value === "object" && value.link !== undefined) {
        var id = String(value.link), sample = links[index];
        if (sample && sample[1]) {
          cell.appendChild(make("a", { href: sample[0].split(sample[1]).join(id), text: id }));
        } else {
          cell.textContent = id;
        }
      } else if (value && typeof value === "object") {
        cell.appendChild(make(value.code !== undefined ? "code" : "strong", {
          text: String(value.code !== undefined ? value.code : value.strong)
        }));
      } else {
        cell.textContent = value === null || value === undefined ? "" : String(value);
      }
    }
    return window.fetch(block.dataset.rows, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + block.dataset.rows);
        return response.json();
      })
      .then(function (data) {
        var body = document.createElement("tbody");
        data.rows.forEach(function (cells) {
          var row = body.insertRow();
          cells.forEach(function (value, index) { cellOf(row.insertCell(), value, index); });
        });
        table.replaceChild(body, table.tBodies[0]);
        var note = block.querySelector(".pirsite-more");
        if (note) note.hidden = true;
      })
      .catch(function (error) {
        if (window.console) window.console.warn("pirsite: the table keeps the rows of the page:", error);
      });
  }

  function enhance(block, shareable, number) {
    var table = block.querySelector("table");
    if (!table || !table.tBodies[0] || !table.tHead || table.dataset.pirsiteReady) return;
    table.dataset.pirsiteReady = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var names = headers.map(function (th) { return th.textContent.trim(); });
    var column = {};
    names.forEach(function (name, index) { column[key(name)] = index; });
    var order = split(block.dataset.orderStatus || "");
    var closed = split(block.dataset.closed || "");
    var state = { q: "", facets: {}, open: "", sort: null, descending: false };

    rows.forEach(function (row) {  /* cards on phones: each cell names its column */
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        cell.setAttribute("data-label", names[index] || "");
      });
    });

    var controls = make("div", { "class": "pirsite-controls" });
    var filterId = "pirsite-filter" + (number ? "-" + number : "");
    var input = make("input", {
      type: "search", "class": "pirsite-filter md-input", id: filterId,
      placeholder: "Filter " + rows.length + " rows", "aria-label": "Filter the table by any word"
    });
    controls.appendChild(input);

    var facets = split(block.dataset.facets || "").filter(function (name) {
      return column[key(name)] !== undefined;
    });
    facets.forEach(function (name) {
      var index = column[key(name)];
      var counts = {};
      rows.forEach(function (row) {
        valuesOf(row, index).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var values = Object.keys(counts);
      if (key(name) === "status" && order.length) {
        values.sort(function (a, b) { return rank(a) - rank(b); });
      } else {
        values.sort(compare);
      }
      var group = make("fieldset", { "class": "pirsite-facet" });
      group.appendChild(make("legend", { text: name }));
      values.forEach(function (value) {
        var label = make("label");
        var box = make("input", { type: "checkbox", value: value, "data-facet": key(name) });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value + " (" + counts[value] + ")"));
        group.appendChild(label);
      });
      controls.appendChild(group);
    });

    if (closed.length && column.status !== undefined) {
      var openGroup = make("fieldset", { "class": "pirsite-facet" });
      openGroup.appendChild(make("legend", { text: "Open or closed" }));
      [["", "All"], ["open", "Open"], ["closed", "Closed"]].forEach(function (choice) {
        var label = make("label");
        var radio = make("input", { type: "radio", name: filterId + "-open", value: choice[0], "data-open": "1" });
        if (!choice[0]) radio.checked = true;
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + choice[1]));
        openGroup.appendChild(label);
      });
      controls.appendChild(openGroup);
    }

    var count = make("p", { "class": "pirsite-count", "aria-live": "polite" });
    controls.appendChild(count);
    var scroll = table.closest(".md-typeset__scrollwrap") || table;
    scroll.parentNode.insertBefore(controls, scroll);

    function rank(status) {
      var at = order.indexOf(status);
      return at === -1 ? order.length : at;
    }

    function matches(row) {
      var text = row.textContent.toLowerCase();
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.every(function (w) { return text.indexOf(w) !== -1; })) return false;
      var facetsOk = Object.keys(state.facets).every(function (facet) {
        var wanted = state.facets[facet];
        if (!wanted.length) return true;
        return valuesOf(row, column[facet]).some(function (v) { return wanted.indexOf(v) !== -1; });
      });
      if (!facetsOk) return false;
      if (state.open) {
        var isClosed = closed.indexOf(cellText(row, column.status)) !== -1;
        if ((state.open === "closed") !== isClosed) return false;
      }
      return true;
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = matches(row);
        row.hidden = !match;
        if (match) shown += 1;
      });
      var narrowed = shown !== rows.length;
      count.textContent = narrowed ? shown + " of " + rows.length + " rows shown" : rows.length + " rows";
      if (shareable) remember();
    }

    function sortBy(index, descending) {
      headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
      if (index === null) {
        rows = original.slice();
      } else {
        headers[index].setAttribute("aria-sort", descending ? "descending" : "ascending");
        var lifecycle = index === column.status && order.length;
        rows = original.slice().sort(function (a, b) {
          var x = cellText(a, index), y = cellText(b, index);
          var result = lifecycle ? rank(x) - rank(y) : compare(x, y);
          return descending ? -result : result;
        });
      }
      rows.forEach(function (row) { body.appendChild(row); });
      state.sort = index;
      state.descending = descending;
    }

    headers.forEach(function (th, index) {
      th.setAttribute("scope", "col");
      var button = make("button", { type: "button", "class": "pirsite-sort" });
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = state.sort === index && !state.descending;
        sortBy(index, descending);
        if (shareable) remember();
      });
    });

    function remember() {
      var params = new URLSearchParams(window.location.search);
      ["q", "open", "sort", "order"].concat(facets.map(key)).forEach(function (name) { params.delete(name); });
      if (state.q) params.set("q", state.q);
      Object.keys(state.facets).forEach(function (facet) {
        if (state.facets[facet].length) params.set(facet, state.facets[facet].join(","));
      });
      if (state.open) params.set("open", state.open);
      if (state.sort !== null) {
        params.set("sort", key(names[state.sort]));
        params.set("order", state.descending ? "desc" : "asc");
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function readFacets() {
      state.facets = {};
      controls.querySelectorAll("input[data-facet]").forEach(function (box) {
        var facet = box.getAttribute("data-facet");
        state.facets[facet] = state.facets[facet] || [];
        if (box.checked) state.facets[facet].push(box.value);
      });
      var chosen = controls.querySelector("input[data-open]:checked");
      state.open = chosen ? chosen.value : "";
    }

    function restore() {  /* the view from the address, for a shared link */
      var params = new URLSearchParams(window.location.search);
      state.q = params.get("q") || "";
      input.value = state.q;
      controls.querySelectorAll("input[data-facet]").forEach(function (box) {
        var wanted = (params.get(box.getAttribute("data-facet")) || "").split(",");
        box.checked = wanted.indexOf(box.value) !== -1;
      });
      var open = params.get("open") || "";
      controls.querySelectorAll("input[data-open]").forEach(function (radio) {
        radio.checked = radio.value === open;
      });
      readFacets();
      var sorted = column[params.get("sort") || ""];
      if (sorted !== undefined) sortBy(sorted, params.get("order") === "desc");
    }

    input.addEventListener("input", function () { state.q = input.value; apply(); });
    controls.addEventListener("change", function (event) {
      if (event.target !== input) { readFacets(); apply(); }
    });
    if (shareable) restore();
    apply();
  }

  function skipLink(target) {
    var existing = document.querySelector(".pirsite-skip");
    if (existing) existing.remove();
    var material = document.querySelector(".md-skip");
    var link = make("a", { "class": "md-skip pirsite-skip", href: "#" + target, text: "Skip to the table filter" });
    if (material && material.parentNode) material.parentNode.insertBefore(link, material.nextSibling);
    else document.body.insertBefore(link, document.body.firstChild);
  }

  function init() {
    var blocks = document.querySelectorAll(".pirsite-table");
    var shareable = blocks.length === 1;
    function skip() {
      if (blocks.length && document.getElementById("pirsite-filter")) skipLink("pirsite-filter");
    }
    var waiting = 0;
    Array.prototype.forEach.call(blocks, function (block, number) {
      if (block.dataset.pirsiteLoading) return;  /* its rows are on their way */
      var loading = load(block);
      if (!loading) {
        enhance(block, shareable, number);
        return;
      }
      block.dataset.pirsiteLoading = "1";
      waiting += 1;
      loading.then(function () {
        delete block.dataset.pirsiteLoading;
        enhance(block, shareable, number);
        waiting -= 1;
        if (!waiting) skip();
      });
    });
    if (!waiting) skip();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
