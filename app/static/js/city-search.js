// A search box above each city list: type a city in Arabic or English, or another spelling
// (Palmyra, Tadmur, تدمر), and the list keeps only the matches. Without JS the list works as is.
(function () {
  "use strict";

  // The same rules as app/search/normalize.py, for the letters people type.
  var LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك" };
  function normalise(text) {
    return text
      .normalize("NFKC")
      .replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
      .replace(/[أإآٱةىیک]/g, function (ch) { return LETTERS[ch]; })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  document.querySelectorAll("select[data-city-search]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.citySearch;
    box.setAttribute("aria-label", select.dataset.citySearch);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = normalise(box.value);
      var firstMatch = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var haystack = option.dataset.search || "";
        var show = !option.value || !wanted || haystack.indexOf(wanted) !== -1;
        option.hidden = !show;
        if (show && option.value && !firstMatch) { firstMatch = option; }
      });
      if (wanted && firstMatch) { select.value = firstMatch.value; }
    });
  });
})();
