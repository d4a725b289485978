/* pirsite: filter and sort the incident tables, in the browser, with no library.
   Every table inside a .pirsite-table block gets a filter box above it; clicking a
   column heading sorts by that column (again to reverse). */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!body || table.dataset.pirsiteReady) return;
    table.dataset.pirsiteReady = "1";
    var rows = Array.prototype.slice.call(body.rows);

    var input = document.createElement("input");
    input.type = "search";
    input.className = "pirsite-filter md-input";
    input.placeholder = "Filter " + rows.length + " rows";
    input.setAttribute("aria-label", "Filter the table");
    var count = document.createElement("span");
    count.className = "pirsite-count";
    count.setAttribute("aria-live", "polite");
    var scroll = table.closest(".md-typeset__scrollwrap") || table;
    scroll.parentNode.insertBefore(input, scroll);
    scroll.parentNode.insertBefore(count, scroll);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
    });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.classList.add("pirsite-sortable");
      th.setAttribute("role", "button");
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var order = compare(cellText(a, index), cellText(b, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function init() {
    document.querySelectorAll(".pirsite-table table").forEach(enhance);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
