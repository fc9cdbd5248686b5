/* Spolu's maps, drawn with Leaflet over pages that work without them.
 *
 * [data-map-view]   draws the GeoJSON layers named by data-source-<layer>; checkboxes with
 *                   data-layer-toggle="<layer>" (inside the box, or with data-map-target=<box id>)
 *                   switch a layer on and off.
 * [data-map-picker] fills the coordinate fields named by data-latitude / data-longitude with a
 *                   click on the map, and the route field (data-route) one point a line; a picker
 *                   with only data-route draws a route.
 * Both start hidden (the lists and the fields are the page without JavaScript) and are shown here.
 * Tiles come from data-tiles (empty: none, the map shows only its own layers).
 */
(function () {
  "use strict";

  var CZECHIA = [[48.55, 12.09], [51.06, 18.86]];
  var STATUS_COLOURS = {
    unserved: "#b3261e", underserved: "#c77700", served: "#3b7d4f", gigabit: "#1d5b86", unknown: "#666666"
  };
  var PROJECT_STYLE = { color: "#5b2a86", weight: 5, opacity: 0.9 };
  var NUMBER = /-?\d+(?:[.,]\d+)?/g;

  function baseMap(box) {
    var canvas = box.querySelector(".map-canvas");
    box.hidden = false;
    var map = L.map(canvas, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    map.fitBounds(CZECHIA);
    return map;
  }

  function pinIcon(box) {
    return L.icon({
      iconUrl: box.dataset.icon, iconRetinaUrl: box.dataset.icon2x, shadowUrl: box.dataset.shadow,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
  }

  function popup(properties) {
    var content = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    content.appendChild(link);
    var details = [properties.kind_label || properties.category, properties.label].filter(Boolean);
    if (properties.reports) { details.push(properties.reports + " ×"); }
    if (details.length) {
      var line = document.createElement("p");
      line.textContent = details.join(" · ");
      content.appendChild(line);
    }
    return content;
  }

  function geoJsonLayer(box, name, data) {
    var icon = pinIcon(box);
    return L.geoJSON(data, {
      style: function () { return PROJECT_STYLE; },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        if (name === "localities") {
          return L.circleMarker(latlng, {
            radius: 8, weight: 2, color: "#ffffff", fillOpacity: 0.9,
            fillColor: STATUS_COLOURS[p.status] || STATUS_COLOURS.unknown
          });
        }
        return L.marker(latlng, { icon: icon, alt: p.title, title: p.title, keyboard: true });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature.properties)); }
    });
  }

  function toggles(box) {
    var inside = Array.prototype.slice.call(box.querySelectorAll("[data-layer-toggle]"));
    var outside = box.id ? Array.prototype.slice.call(
      document.querySelectorAll('[data-layer-toggle][data-map-target="' + box.id + '"]')) : [];
    return inside.concat(outside);
  }

  function showView(box) {
    var map = baseMap(box);
    var layers = {};
    var bounds = L.latLngBounds([]);
    var sources = Object.keys(box.dataset).filter(function (key) { return key.indexOf("source") === 0; });
    var pending = sources.length;
    sources.forEach(function (key) {
      var name = key.slice("source".length).toLowerCase();
      fetch(box.dataset[key], { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          layers[name] = geoJsonLayer(box, name, data);
          var toggle = toggles(box).filter(function (t) { return t.dataset.layerToggle === name; })[0];
          if (!toggle || toggle.checked) { layers[name].addTo(map); }
          if (data.features.length) { bounds.extend(layers[name].getBounds()); }
        })
        .catch(function () { /* the list below still shows every place */ })
        .then(function () {
          pending -= 1;
          if (pending === 0 && bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
        });
    });
    toggles(box).forEach(function (toggle) {
      toggle.addEventListener("change", function () {
        var layer = layers[toggle.dataset.layerToggle];
        if (!layer) { return; }
        if (toggle.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
      });
    });
  }

  function number(text) {
    var value = parseFloat(String(text || "").replace(/\s/g, "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function geoJsonPoints(text) {
    try {
      var value = JSON.parse(text);
      if (value && value.type === "Feature") { value = value.geometry; }
      if (value && value.type === "LineString") { value = value.coordinates; }
      return Array.isArray(value) ? value.map(function (p) { return [p[1], p[0]]; }) : [];
    } catch (error) {
      return [];
    }
  }

  function routePoints(text) {
    text = String(text || "").trim();
    if (text.charAt(0) === "{" || text.charAt(0) === "[") { return geoJsonPoints(text); }
    var points = [];
    String(text || "").split(/\r?\n/).forEach(function (line) {
      var values = line.match(NUMBER);
      if (values && values.length === 2) {
        var lat = number(values[0]), lon = number(values[1]);
        if (lat !== null && lon !== null) { points.push([lat, lon]); }
      }
    });
    return points;
  }

  function showPicker(box) {
    var map = baseMap(box);
    // A route-only picker (planned works) has no coordinate fields: every click adds to the route.
    var latitude = box.dataset.latitude ? document.getElementById(box.dataset.latitude) : null;
    var longitude = box.dataset.longitude ? document.getElementById(box.dataset.longitude) : null;
    var route = box.dataset.route ? document.getElementById(box.dataset.route) : null;
    var marker = null;
    var line = route ? L.polyline([], PROJECT_STYLE).addTo(map) : null;
    var icon = pinIcon(box);

    function placePin() {
      if (!latitude || !longitude) { return null; }
      var lat = number(latitude.value), lon = number(longitude.value);
      if (lat === null || lon === null) {
        if (marker) { map.removeLayer(marker); marker = null; }
        return null;
      }
      if (!marker) { marker = L.marker([lat, lon], { icon: icon, alt: "", keyboard: false, interactive: false }).addTo(map); }
      marker.setLatLng([lat, lon]);
      return marker.getLatLng();
    }

    function drawRoute() {
      if (!line) { return; }
      line.setLatLngs(routePoints(route.value));
    }

    // A pasted GeoJSON line becomes one point a line before a click adds to it.
    function asLines() {
      var text = route.value.trim();
      if (text.charAt(0) !== "{" && text.charAt(0) !== "[") { return; }
      route.value = routePoints(text).map(function (p) { return p[0].toFixed(6) + ", " + p[1].toFixed(6); }).join("\n");
    }

    function mode() {
      var chosen = box.querySelector("[data-map-mode]:checked");
      return chosen ? chosen.value : "pin";
    }

    function changed(field) { field.dispatchEvent(new Event("change", { bubbles: true })); }

    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(6), lon = event.latlng.lng.toFixed(6);
      if (route && (!latitude || mode() === "route")) {
        asLines();
        var text = route.value.replace(/\s+$/, "");
        route.value = (text ? text + "\n" : "") + lat + ", " + lon;
        changed(route);
        drawRoute();
      } else if (latitude && longitude) {
        latitude.value = lat;
        longitude.value = lon;
        changed(latitude);
        placePin();
      }
    });
    [latitude, longitude].filter(Boolean).forEach(function (field) { field.addEventListener("change", placePin); });
    if (route) { route.addEventListener("input", drawRoute); }

    var clearPin = box.querySelector("[data-map-clear-pin]");
    if (clearPin) {
      clearPin.addEventListener("click", function () {
        latitude.value = ""; longitude.value = ""; changed(latitude); placePin();
      });
    }
    var undo = box.querySelector("[data-map-undo-route]");
    if (undo) {
      undo.addEventListener("click", function () {
        asLines();
        var lines = route.value.replace(/\s+$/, "").split(/\r?\n/);
        lines.pop();
        route.value = lines.join("\n");
        changed(route); drawRoute();
      });
    }
    var clearRoute = box.querySelector("[data-map-clear-route]");
    if (clearRoute) {
      clearRoute.addEventListener("click", function () { route.value = ""; changed(route); drawRoute(); });
    }

    var pin = placePin();
    drawRoute();
    var bounds = L.latLngBounds([]);
    if (pin) { bounds.extend(pin); }
    if (line && line.getLatLngs().length) { bounds.extend(line.getBounds()); }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
  }

  function start() {
    if (!window.L) { return; }
    document.querySelectorAll("[data-map-view]").forEach(showView);
    document.querySelectorAll("[data-map-picker]").forEach(showPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
