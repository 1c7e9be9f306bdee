// The dashboards' small helpers: the "Print report" button, and on the overview the governorate
// rows that show or hide their cities. Without this script every row shows and printing works
// from the browser's menu.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Tables marked for print open when printing (the other tables stay out: the charts carry them).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.print-open").forEach(function (details) { details.open = true; });
  });

  document.querySelectorAll("[data-toggle-cities]").forEach(function (button) {
    var rows = document.querySelectorAll('[data-city-of="' + button.dataset.toggleCities + '"]');
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      rows.forEach(function (row) { row.hidden = !open; });
    }
    show(false);
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
  });
})();
