// "Copy the link" beside a link to hand over (an invitation when no mail server is set).
// The link stays selectable text, so copying by hand works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function copied(button) {
    button.textContent = button.dataset.copied;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copy);
    if (!source) { return; }
    var text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(button); });
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) { copied(button); }
  });
})();
