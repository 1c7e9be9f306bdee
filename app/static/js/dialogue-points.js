// Fills a map's cluster layer of individual dialogues from the points endpoint, the first time the
// layer is shown. Popups are built from text nodes: titles and names never become HTML.
// The map element carries: data-map / data-cluster (folium's JavaScript names), data-points-url,
// data-dialogue-url (with {id}), and the popup's words in the page's language.
(function () {
  "use strict";

  function popupFor(point, organizations, holder) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("bdi");
    title.textContent = point[3];
    var heading = document.createElement("h2");
    heading.className = "h6";
    heading.appendChild(title);
    box.appendChild(heading);

    var when = document.createElement("p");
    when.className = "mb-1";
    var date = new Date(point[4] + "T00:00:00");
    when.textContent = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" }).format(date);
    box.appendChild(when);

    var organiser = document.createElement("p");
    organiser.className = "mb-1";
    var name = document.createElement("bdi");
    name.textContent = organizations[point[5]];
    organiser.appendChild(document.createTextNode(holder.dataset.labelOrganizer + " "));
    organiser.appendChild(name);
    box.appendChild(organiser);

    if (point[6] === 1) {
      var exact = document.createElement("p");
      exact.className = "small text-muted mb-1";
      exact.textContent = holder.dataset.labelExact;
      box.appendChild(exact);
    }
    var link = document.createElement("a");
    link.href = holder.dataset.dialogueUrl.replace("{id}", String(point[0]));
    link.textContent = holder.dataset.labelOpen;
    box.appendChild(link);
    return box;
  }

  function fill(cluster, holder) {
    fetch(holder.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("points: " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var markers = data.points.map(function (point) {
          var marker = L.circleMarker([point[1], point[2]], {
            radius: 6, color: "#0b5394", weight: 1, fillOpacity: 0.8
          });
          marker.bindPopup(function () { return popupFor(point, data.organizations, holder); });
          return marker;
        });
        cluster.addLayers(markers);
        holder.dataset.pointsLoaded = String(markers.length);
      })
      .catch(function (error) {
        holder.dataset.pointsLoaded = "error";
        console.error("Hiwar: the dialogues could not be loaded on the map.", error);
      });
  }

  document.querySelectorAll("[data-points-url]").forEach(function (holder) {
    var cluster = window[holder.dataset.cluster];
    var map = window[holder.dataset.map];
    if (!cluster || !map) { return; }
    var loaded = false;
    function load() {
      if (loaded) { return; }
      loaded = true;
      fill(cluster, holder);
    }
    if (map.hasLayer(cluster)) { load(); } else { cluster.on("add", load); }
  });
})();
