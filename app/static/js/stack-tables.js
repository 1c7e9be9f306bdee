// Tables marked .table-stack become stacked cards on a phone (CSS in hiwar.css): each cell is
// labelled with its column's heading here, so the card says what each value is. Without this
// script the table stays a table that scrolls sideways within its frame.
(function () {
  "use strict";
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, index) {
        if (heads[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heads[index]);
        }
      });
    });
    table.setAttribute("data-stacked", "");
  });
})();
