/* ustaz: catalogue filters and the print button. No external code; runs on every page, acts where needed. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-ustaz-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    // the site is built on one day and read on later ones: a discussion that has ended since says so
    document.querySelectorAll("[data-discussion-ends]").forEach(function (box) {
      var ends = box.getAttribute("data-discussion-ends");
      var today;
      try {
        today = new Intl.DateTimeFormat("en-CA", {timeZone: box.getAttribute("data-timezone") || undefined,
          year: "numeric", month: "2-digit", day: "2-digit"}).format(new Date());
      } catch (e) { return; }
      if (!ends || today <= ends) return;
      box.querySelectorAll("[data-ended]").forEach(function (el) { el.textContent = el.getAttribute("data-ended"); });
      box.querySelectorAll("[data-while-open]").forEach(function (el) { el.hidden = true; });
      box.querySelectorAll("[data-once-ended]").forEach(function (el) { el.hidden = false; });
    });
    var cat = document.querySelector("[data-ustaz-catalogue]");
    if (!cat) return;
    var controls = cat.querySelectorAll("[data-filter]");
    var form = cat.querySelector("form");
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });
    function apply() {
      var want = {};
      controls.forEach(function (c) { want[c.getAttribute("data-filter")] = c.value.trim().toLowerCase(); });
      var shown = 0;
      cat.querySelectorAll("section[data-direction]").forEach(function (section) {
        var visible = 0;
        section.querySelectorAll("tr[data-status]").forEach(function (row) {
          var ok = (!want.direction || row.dataset.direction === want.direction) &&
                   (!want.status || row.dataset.status === want.status) &&
                   (!want.lang || row.dataset.lang.split(" ").indexOf(want.lang) >= 0) &&
                   (!want.text || row.dataset.title.indexOf(want.text) >= 0);
          row.hidden = !ok;
          if (ok) visible++;
        });
        section.hidden = visible === 0;
        shown += visible;
      });
      var empty = cat.querySelector(".ustaz-empty");
      if (empty) empty.hidden = shown !== 0;
    }
    controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
