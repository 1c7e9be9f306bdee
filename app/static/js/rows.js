// Repeating rows on the dialogue form: add, remove and reorder without a page load.
// The form works without this script: the server always offers one more empty row.
(function () {
  "use strict";

  function renumber(list) {
    var prefix = list.closest("[data-rows]").dataset.rows;
    var pattern = new RegExp("^" + prefix + "-\\d+-");
    list.querySelectorAll(":scope > .row-item").forEach(function (item, index) {
      item.dataset.index = index;
      item.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && pattern.test(value)) {
            el.setAttribute(attr, value.replace(pattern, prefix + "-" + index + "-"));
          }
        });
      });
    });
  }

  function blankCopy(item) {
    var copy = item.cloneNode(true);
    copy.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.tagName === "SELECT") {
        el.selectedIndex = 0;
      } else if (el.type === "checkbox") {
        el.checked = false;
      } else {
        el.value = "";
      }
      el.classList.remove("is-invalid");
    });
    copy.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    return copy;
  }

  function act(event) {
    var button = event.target.closest("[data-row-action]");
    if (!button) { return; }
    var fieldset = button.closest("[data-rows]");
    var list = fieldset.querySelector(".row-items");
    var item = button.closest(".row-item");
    var action = button.dataset.rowAction;
    if (action === "add") {
      var last = list.querySelector(":scope > .row-item:last-child");
      var copy = blankCopy(last);
      list.appendChild(copy);
      var first = copy.querySelector("input, textarea, select");
      if (first) { first.focus(); }
    } else if (action === "remove") {
      if (list.children.length > 1) { item.remove(); } else { list.appendChild(blankCopy(item)); item.remove(); }
    } else if (action === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (action === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
  }

  document.documentElement.classList.add("js");
  document.addEventListener("click", act);
})();
