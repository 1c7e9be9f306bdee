// "Possibly the same dialogue" on the dialogue form (which works without it): asks /dialogues/similar (visible dialogues only) when the
//    city, the date or a title changes, and shows the answer above the form.
(function () {
  "use strict";

  var form = document.querySelector("form.dialogue-form");
  if (!form) { return; }

  var hint = document.getElementById("similar-dialogues");
  if (!hint || !window.fetch) { return; }
  var fields = ["city_id", "held_on", "title_ar", "title_en"].map(function (name) {
    return form.querySelector("[name=" + name + "]");
  });
  var timer = null;

  function show(found) {
    hint.textContent = "";
    if (!found.length) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-info";
    box.setAttribute("role", "status");
    box.dataset.testid = "similar-dialogues";
    var heading = document.createElement("p");
    heading.className = "mb-1 fw-bold";
    heading.textContent = hint.dataset.heading;
    box.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "mb-1";
    found.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener";
      var title = document.createElement("bdi");
      title.textContent = item.title;
      link.appendChild(title);
      li.appendChild(link);
      var meta = document.createElement("bdi");
      meta.textContent = item.city + " · " + item.date;
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(meta);
      list.appendChild(li);
    });
    box.appendChild(list);
    var note = document.createElement("p");
    note.className = "mb-0 small";
    note.textContent = hint.dataset.note;
    box.appendChild(note);
    hint.appendChild(box);
  }

  function ask() {
    var params = new URLSearchParams({
      city: fields[0] ? fields[0].value : "",
      date: fields[1] ? fields[1].value : "",
      title_ar: fields[2] ? fields[2].value : "",
      title_en: fields[3] ? fields[3].value : "",
      exclude: hint.dataset.exclude || ""
    });
    if (!params.get("city") || !params.get("date")) { show([]); return; }
    fetch(hint.dataset.url + "?" + params.toString(), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(show).catch(function () { /* the hint is a help, never a blocker */ });
  }

  fields.forEach(function (field) {
    if (!field) { return; }
    field.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
  });
})();
