// A caption box for each photo chosen in a (multiple) file picker: inputs named photo_caption, in
// the order of the files, as the server reads them (app/photos/pending.py). Without this script
// the photos are saved without captions.
(function () {
  "use strict";

  document.querySelectorAll("[data-photo-captions]").forEach(function (captions) {
    var picker = document.getElementById(captions.dataset.photoCaptions);
    if (!picker) { return; }
    picker.addEventListener("change", function () {
      var typed = Array.prototype.map.call(
        captions.querySelectorAll("input"), function (input) { return input.value; });
      captions.textContent = "";
      Array.prototype.forEach.call(picker.files, function (file, index) {
        var column = document.createElement("div");
        column.className = "col-md-6";
        var label = document.createElement("label");
        label.className = "form-label small mb-0";
        label.htmlFor = picker.id + "-caption-" + index;
        label.textContent = captions.dataset.label.replace("%(name)s", file.name);
        var input = document.createElement("input");
        input.className = "form-control form-control-sm";
        input.name = "photo_caption";
        input.id = picker.id + "-caption-" + index;
        input.maxLength = 500;
        input.value = typed[index] || "";
        column.appendChild(label);
        column.appendChild(input);
        captions.appendChild(column);
      });
    });
  });
})();
