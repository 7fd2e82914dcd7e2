/* The drawing map of the growing-area form: the producer draws the boundary (Leaflet with the Geoman plugin), and
 * the polygon goes as GeoJSON into the hidden field "boundary_drawn", which the server reads and checks exactly as
 * a pasted or uploaded boundary (valid polygon, inside the commune, area computed; nothing saved otherwise).
 * Every text comes from the page (#boundary-draw-data), already translated. Without JavaScript this does nothing
 * and the text and file fields give the boundary. */
(function () {
  "use strict";

  var dataElement = document.getElementById("boundary-draw-data");
  var box = document.querySelector(".draw-boundary");
  var mapElement = document.getElementById("boundary-map");
  var hidden = document.querySelector('input[name="boundary_drawn"]');
  if (!dataElement || !box || !mapElement || !hidden || !window.L || !L.PM) { return; }
  var data = JSON.parse(dataElement.textContent);
  var text = data.text;
  var status = document.getElementById("boundary-status");
  var unitSelect = document.querySelector('select[name="unit"]');
  var EARTH_RADIUS_M = 6371008.8;
  var current = null;  // the polygon drawn, or the stored one until replaced
  var communeLayer = null;

  box.classList.add("has-map");
  var map = L.map(mapElement, { keyboard: true });
  window.ntmBoundaryMap = map;
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.setView([11.0, 107.1], 9);
  if (data.tiles.url) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 }).addTo(map);
  }

  map.pm.setLang("ntm", { tooltips: text.tooltips, actions: text.actions, buttonTitles: text.buttonTitles }, "en");
  map.pm.addControls({
    position: "topleft",
    drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawRectangle: false, drawPolygon: true,
    drawCircle: false, drawText: false, editMode: true, dragMode: false, cutPolygon: false, removalMode: true,
    rotateMode: false
  });
  map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: false });

  // The area the same way the server computes it (geometry.area_ha): a local equirectangular projection.
  function ringArea(ring, lat0) {
    var kx = Math.PI / 180 * EARTH_RADIUS_M * Math.cos(lat0 * Math.PI / 180);
    var ky = Math.PI / 180 * EARTH_RADIUS_M;
    var twice = 0;
    for (var i = 0; i + 1 < ring.length; i++) {
      twice += ring[i][0] * kx * ring[i + 1][1] * ky - ring[i + 1][0] * kx * ring[i][1] * ky;
    }
    return Math.abs(twice) / 2;
  }

  function hectares(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var lats = [];
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) { ring.forEach(function (p) { lats.push(p[1]); }); });
    });
    var lat0 = lats.reduce(function (a, b) { return a + b; }, 0) / lats.length;
    var total = 0;
    polygons.forEach(function (polygon) {
      total += ringArea(polygon[0], lat0);
      polygon.slice(1).forEach(function (hole) { total -= ringArea(hole, lat0); });
    });
    return total / 10000;
  }

  function say(message) { if (status) { status.textContent = message; } }

  function write() {
    if (!current) { hidden.value = ""; say(text.none); return; }
    var geometry = current.toGeoJSON(7).geometry;
    hidden.value = JSON.stringify(geometry);
    say(text.drawn.replace("%(ha)s", hectares(geometry).toLocaleString("vi-VN", { maximumFractionDigits: 2 })));
  }

  function adopt(layer) {
    current = layer;
    layer.on("pm:edit", write);
  }

  function fromGeometry(geometry) {
    var layers = L.geoJSON(geometry).getLayers();
    return layers.length ? layers[0] : null;
  }

  function frameOf(unitId) {
    var frame = data.communes[unitId];
    if (!frame) { return null; }
    return L.latLngBounds([frame.bbox[1], frame.bbox[0]], [frame.bbox[3], frame.bbox[2]]);
  }

  function styleCommunes() {
    if (!communeLayer) { return; }
    var chosen = unitSelect && data.communes[unitSelect.value];
    communeLayer.setStyle(function (feature) {
      var mine = chosen && feature.id === chosen.code;
      return { color: mine ? "#1b1f23" : "#8a8a7a", weight: mine ? 2 : 0.7, fill: false, dashArray: mine ? null : "3 3" };
    });
  }

  function showCommune() {
    styleCommunes();
    var bounds = unitSelect && frameOf(unitSelect.value);
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, { animate: false }); }
  }

  // What the user drew before a refused submission comes back in the hidden field; else the stored boundary.
  var start = null;
  try { start = hidden.value ? JSON.parse(hidden.value) : null; } catch (error) { start = null; }
  if (start && (start.type === "Polygon" || start.type === "MultiPolygon")) {
    adopt(fromGeometry(start).addTo(map));
    write();
  } else if (data.boundary) {
    hidden.value = "";
    var stored = fromGeometry(data.boundary);
    if (stored) { adopt(stored.addTo(map)); }
    say(text.stored);
  } else {
    say(text.none);
  }

  map.on("pm:create", function (event) {
    if (current && current !== event.layer) { map.removeLayer(current); }
    adopt(event.layer);
    write();
  });
  map.on("pm:remove", function (event) {
    if (event.layer === current) { current = null; write(); }
  });
  if (unitSelect) { unitSelect.addEventListener("change", showCommune); }

  if (current) { map.fitBounds(current.getBounds(), { animate: false, maxZoom: 17 }); }
  else { showCommune(); }

  function ready() { document.documentElement.setAttribute("data-draw-ready", "1"); }
  if (!window.topojson || !data.topology) { ready(); return; }
  fetch(data.topology, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      var object = topology.objects[Object.keys(topology.objects)[0]];
      communeLayer = L.geoJSON(window.topojson.feature(topology, object), { pmIgnore: true, interactive: false });
      communeLayer.addTo(map);
      communeLayer.bringToBack();
      styleCommunes();
      ready();
    })
    .catch(ready);
})();
