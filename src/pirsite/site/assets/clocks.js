/* pirsite: clocks that tick. A page states each running clock as of the build ("due in 1d 3h");
   this script restates it from the reader's own clock every minute, from the due or start time
   the page carries (data-due, data-started: UTC), so a page opened days after the build says
   "overdue by 2d 5h", not what was true then. Nothing is fetched. Without scripts the page keeps
   its build-time words and says when that was (.pirsite-as-of). */
(function () {
  "use strict";

  function span(ms) {  /* the same words as pirsite's span(): 3d 4h, 5h 20m, 12m */
    var minutes = Math.floor(ms / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
    minutes = minutes % 60;
    if (days) return hours ? days + "d " + hours + "h" : days + "d";
    if (hours) return minutes ? hours + "h " + minutes + "m" : hours + "h";
    return minutes + "m";
  }

  function restate(node, now) {
    var state = node.getAttribute("data-state") || "";
    var due = Date.parse(node.getAttribute("data-due") || "");
    var started = Date.parse(node.getAttribute("data-started") || "");
    var decision = state.indexOf("decision_") === 0 ? "decision " : "";
    if (!isNaN(due) && /due|overdue/.test(state)) {
      var late = now > due;
      node.textContent = decision + (late ? "overdue by " + span(now - due) : "due in " + span(due - now));
      node.classList.toggle("pirsite-clock--overdue", late);
    } else if (!isNaN(started)) {  /* a standard with no number: say how long the clock has run */
      node.textContent = node.textContent.replace(/clock running .*$/, "clock running " + span(now - started));
    }
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".pirsite-clock").forEach(function (node) { restate(node, now); });
    document.querySelectorAll(".pirsite-as-of").forEach(function (node) {
      var built = new Date(Date.parse(node.getAttribute("data-built")));
      node.textContent = "clocks live on your computer's time; page built " +
        built.toISOString().slice(0, 16).replace("T", " ") + " UTC";
    });
  }

  var timer = null;
  function init() {
    if (timer) window.clearInterval(timer);
    if (!document.querySelector(".pirsite-clock, .pirsite-as-of")) return;
    tick();
    timer = window.setInterval(tick, 60000);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
