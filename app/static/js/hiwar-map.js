// Hiwar's maps, on top of what folium draws. For each map element ([data-map]):
// - the cities of the national map, from the JSON beside it (#<map>-data): a circle per city in
//   each colouring layer, a tooltip and a popup;
// - governorate names on a map without tiles, from the same JSON;
// - the outline of Syria and its governorates (data-outline-url, served by the app itself), under
//   everything else, so that a map without tiles still shows where things are;
// - the cluster layer of individual dialogues, fetched from data-points-url the first time the
//   layer is shown.
// Every name, title and theme is set as text (textContent), never parsed as HTML.
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function isolated(text) {
    return element("bdi", null, text);
  }

  function link(href, text) {
    var a = element("a", "d-block", text);
    a.href = href;
    return a;
  }

  function cityPopup(city, holder) {
    var box = element("div", "map-popup");
    var heading = element("h2", "h6");
    heading.appendChild(isolated(city.name));
    box.appendChild(heading);
    var table = element("table", "table table-sm mb-1");
    city.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(element("th", null, row[0]));
      tr.appendChild(element("td", null, row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (city.themes.length) {
      box.appendChild(element("p", "mb-0 small", holder.dataset.labelThemes));
      var list = document.createElement("ol");
      city.themes.forEach(function (theme) {
        var item = document.createElement("li");
        item.appendChild(isolated(theme));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    if (city.dashboard) { box.appendChild(link(city.dashboard, holder.dataset.labelDashboard)); }
    box.appendChild(link(city.list, holder.dataset.labelList));
    return box;
  }

  function drawCities(map, holder, data) {
    var layers = [
      [window[holder.dataset.shareLayer], "share_colour"],
      [window[holder.dataset.themeLayer], "theme_colour"]
    ];
    data.cities.forEach(function (city) {
      layers.forEach(function (pair) {
        if (!pair[0]) { return; }
        L.circleMarker([city.lat, city.lon], {
          radius: city.radius, color: city[pair[1]], weight: 2,
          fill: true, fillColor: city[pair[1]], fillOpacity: 0.6
        })
          .bindTooltip(function () { return isolated(city.name); })
          .bindPopup(function () { return cityPopup(city, holder); }, { maxWidth: 320 })
          .addTo(pair[0]);
      });
    });
    data.labels.forEach(function (place) {
      var text = element("span", null);
      text.appendChild(isolated(place.name));
      L.marker([place.lat, place.lon], {
        icon: L.divIcon({ className: "map-label", html: text, iconSize: [0, 0] }),
        interactive: false, keyboard: false
      }).addTo(map);
    });
    holder.dataset.citiesDrawn = String(data.cities.length);
  }

  function dialoguePopup(point, organizations, holder) {
    var box = element("div", "map-popup");
    var heading = element("h2", "h6");
    heading.appendChild(isolated(point[3]));
    box.appendChild(heading);
    var date = new Date(point[4] + "T00:00:00");
    var format = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" });
    box.appendChild(element("p", "mb-1", format.format(date)));
    var organiser = element("p", "mb-1", holder.dataset.labelOrganizer + " ");
    organiser.appendChild(isolated(organizations[point[5]]));
    box.appendChild(organiser);
    if (point[6] === 1) { box.appendChild(element("p", "small text-muted mb-1", holder.dataset.labelExact)); }
    box.appendChild(link(holder.dataset.dialogueUrl.replace("{id}", String(point[0])), holder.dataset.labelOpen));
    return box;
  }

  function fillCluster(cluster, holder) {
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
          marker.bindPopup(function () { return dialoguePopup(point, data.organizations, holder); });
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

  function watchCluster(map, holder) {
    var cluster = window[holder.dataset.cluster];
    if (!cluster) { return; }
    var loaded = false;
    function load() {
      if (loaded) { return; }
      loaded = true;
      fillCluster(cluster, holder);
    }
    if (map.hasLayer(cluster)) { load(); } else { cluster.on("add", load); }
  }

  function drawOutline(map, holder) {
    // Its own pane below the markers (overlayPane is 400); filled only where there are no tiles.
    var pane = map.getPane("hiwar-outline") || map.createPane("hiwar-outline");
    pane.style.zIndex = 250;
    pane.style.pointerEvents = "none";
    var filled = holder.dataset.outlineFill === "1";
    fetch(holder.dataset.outlineUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("outline: " + response.status); }
        return response.json();
      })
      .then(function (data) {
        L.geoJSON(data, {
          pane: "hiwar-outline", interactive: false,
          style: {
            color: "#6b7480", weight: 1, opacity: 0.9,
            fill: filled, fillColor: "#fbfaf6", fillOpacity: 1
          }
        }).addTo(map);
        holder.dataset.outlineDrawn = String(data.features.length);
      })
      .catch(function (error) {
        holder.dataset.outlineDrawn = "error";
        console.error("Hiwar: the outline of Syria could not be loaded.", error);
      });
  }

  document.querySelectorAll("[data-map]").forEach(function (holder) {
    var map = window[holder.dataset.map];
    if (!map) { return; }
    if (holder.dataset.outlineUrl) { drawOutline(map, holder); }
    var data = document.getElementById(holder.dataset.map + "-data");
    if (data) { drawCities(map, holder, JSON.parse(data.textContent)); }
    if (holder.dataset.pointsUrl) { watchCluster(map, holder); }
  });
})();
