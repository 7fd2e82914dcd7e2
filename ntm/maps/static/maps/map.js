/* Digital map of NTM results: draws the boundary layer (TopoJSON) with Leaflet, coloured from the data the
 * page embeds (#map-data). Every text comes from the page, already translated; every value is inserted with
 * textContent, never as HTML. Without JavaScript the page's table and forms do the same work. */
(function () {
  "use strict";

  var dataElement = document.getElementById("map-data");
  var mapElement = document.getElementById("map");
  if (!dataElement || !mapElement || !window.L || !window.topojson) { return; }
  mapElement.classList.add("has-map");
  var data = JSON.parse(dataElement.textContent);
  var text = data.text;
  var params = new URLSearchParams(window.location.search);
  var layersByCode = {};
  var unitLayer = null;
  var otherLayer = null;

  function fold(value) {
    return (value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().replace(/[\s\-_.,;:/()'"]+/g, " ").trim();
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function markRendered() {
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () {
        window.ntmMapRendered = window.performance.now();
        document.documentElement.setAttribute("data-map-ready", "1");
      });
    });
  }

  var map = L.map(mapElement, { zoomSnap: 0.25, keyboard: true, attributionControl: true });
  window.ntmMap = map;
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.setView([11.1, 107.0], 8);
  if (data.tiles.url) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 }).addTo(map);
  }
  var renderer = L.svg().addTo(map);

  function addHatch() {
    var svg = renderer._container;
    if (!svg || svg.querySelector("#ntm-hatch")) { return; }
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", "ntm-hatch");
    pattern.setAttribute("width", "6");
    pattern.setAttribute("height", "6");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var back = document.createElementNS(ns, "rect");
    back.setAttribute("width", "6");
    back.setAttribute("height", "6");
    back.setAttribute("fill", "#ffffff");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
    line.setAttribute("x2", "0"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", "#9e9e9e"); line.setAttribute("stroke-width", "1.5");
    pattern.appendChild(back);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function style(feature) {
    var unit = data.units[feature.id];
    if (!unit) {
      return { renderer: renderer, fillColor: "#ffffff", fillOpacity: 0.15, color: "#9e9e9e", weight: 0.5 };
    }
    return {
      renderer: renderer,
      fillColor: unit.c === "na" ? "url(#ntm-hatch)" : data.fills[unit.c],
      fillOpacity: 0.85,
      color: unit.p ? "#1b1f23" : "#4d4d4d",
      weight: unit.p ? 1.6 : 0.7,
      dashArray: unit.p ? "4 3" : null
    };
  }

  function popupContent(code) {
    var unit = data.units[code];
    var box = element("div", "map-popup");
    box.appendChild(element("h3", "", unit.n));
    var status = element("p");
    status.appendChild(element("span", "status status-" + (unit.sl === "na" ? "none" : unit.sl), unit.s));
    box.appendChild(status);
    if (unit.sl !== "na") {
      box.appendChild(element("p", "", text.decisions + ":"));
      if (unit.d.length) {
        var list = element("ul");
        unit.d.forEach(function (line) { list.appendChild(element("li", "", line)); });
        box.appendChild(list);
      } else {
        box.appendChild(element("p", "muted", text.noDecision));
      }
      var assessed = element("p");
      assessed.appendChild(element("span", "badge self-assessed", text.selfAssessed));
      assessed.appendChild(document.createTextNode(" " + unit.v));
      box.appendChild(assessed);
      if (unit.p) { box.appendChild(element("p", "muted", text.provisional)); }
    }
    if (unit.h && unit.h.length) {
      box.appendChild(element("p", "", text.hamletModels + ":"));
      var models = element("ul", "hamlet-models");
      unit.h.forEach(function (line) { models.appendChild(element("li", "", line)); });
      box.appendChild(models);
    }
    if (unit.l) { box.appendChild(element("p", "muted", unit.l)); }
    if (unit.np && unit.np.length) {
      box.appendChild(element("p", "badge", text.unpublished + ": " + unit.np.join(", ")));
    }
    if (unit.e && unit.e.length) {
      var evidence = element("p", "", text.evidence + ": ");
      unit.e.forEach(function (item, index) {
        var link = element("a", "", item.label);
        link.href = item.url;
        if (index) { evidence.appendChild(document.createTextNode(", ")); }
        evidence.appendChild(link);
      });
      box.appendChild(evidence);
    }
    var page = element("a", "", text.publicPage + " ›");
    page.href = unit.u;
    box.appendChild(element("p")).appendChild(page);
    return box;
  }

  function selectRow(code) {
    document.querySelectorAll(".map-table tr.selected").forEach(function (row) { row.classList.remove("selected"); });
    var row = document.querySelector('.map-table tr[data-code="' + code + '"]');
    if (row) { row.classList.add("selected"); }
  }

  function focusUnit(code) {
    var layer = layersByCode[code];
    if (!layer) { return false; }
    map.fitBounds(layer.getBounds(), { maxZoom: 12, padding: [20, 20], animate: false });
    layer.openPopup(layer.getBounds().getCenter());
    selectRow(code);
    return true;
  }

  function saveView() {
    try {
      var center = map.getCenter();
      window.sessionStorage.setItem("ntm-map-view-" + data.structure,
        JSON.stringify([center.lat, center.lng, map.getZoom()]));
    } catch (error) { /* storage may be disabled */ }
  }

  function restoreView() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem("ntm-map-view-" + data.structure) || "null");
      if (saved) { map.setView([saved[0], saved[1]], saved[2], { animate: false }); return true; }
    } catch (error) { /* ignore */ }
    return false;
  }

  function showMatches(query) {
    var box = document.getElementById("map-matches");
    var wanted = fold(query);
    box.textContent = "";
    if (!wanted) { return []; }
    var codes = Object.keys(data.units).filter(function (code) {
      return data.units[code].f.indexOf(wanted) !== -1;
    });
    if (!codes.length) {
      box.appendChild(element("p", "msg msg-error", text.noMatch));
      return codes;
    }
    box.appendChild(element("p", "muted", text.matches + " (" + codes.length + ")"));
    var list = element("ul");
    codes.slice(0, 30).forEach(function (code) {
      var button = element("button", "button secondary", data.units[code].n);
      button.type = "button";
      button.addEventListener("click", function () { focusUnit(code); });
      list.appendChild(element("li")).appendChild(button);
    });
    box.appendChild(list);
    return codes;
  }

  function drawUnits(topology) {
    var object = topology.objects[Object.keys(topology.objects)[0]];
    var features = window.topojson.feature(topology, object);
    unitLayer = L.geoJSON(features, {
      style: style,
      onEachFeature: function (feature, layer) {
        var unit = data.units[feature.id];
        layersByCode[feature.id] = layer;
        if (!unit) { return; }
        // Keep the popup clear of the zoom buttons (top left), the structure switch (bottom left) and the
        // attribution (bottom right), which would otherwise cover it on a phone.
        layer.bindPopup(function () { return popupContent(feature.id); }, {
          maxWidth: Math.max(160, Math.min(320, mapElement.clientWidth - 110)),
          autoPanPaddingTopLeft: [56, 84],
          autoPanPaddingBottomRight: [16, 56]
        });
        layer.bindTooltip(element("span", "", unit.n + " — " + (data.selfAssessed ? unit.v : unit.s)), { sticky: true });
        layer.on("popupopen", function () { selectRow(feature.id); });
      }
    }).addTo(map);
    addHatch();
    // No animation: a zoom still animating would swallow the zoom to a searched unit just after.
    if (!restoreView() && unitLayer.getBounds().isValid()) { map.fitBounds(unitLayer.getBounds(), { animate: false }); }
    map.on("moveend", saveView);
    var wanted = params.get("unit");
    if (wanted) { focusUnit(wanted); }
    else if (params.get("q")) {
      var codes = showMatches(params.get("q"));
      if (codes.length) { focusUnit(codes[0]); }
    }
    markRendered();
  }

  function addOtherStructureControl() {
    var Control = L.Control.extend({
      onAdd: function () {
        var box = element("div", "leaflet-bar leaflet-control other-structure");
        var label = element("label", "inline-check");
        var input = element("input");
        input.type = "checkbox";
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + text.otherStructure));
        box.appendChild(label);
        L.DomEvent.disableClickPropagation(box);
        input.addEventListener("change", function () {
          if (!input.checked) { if (otherLayer) { map.removeLayer(otherLayer); } return; }
          if (otherLayer) { otherLayer.addTo(map); return; }
          fetch(data.otherTopology, { credentials: "same-origin" }).then(function (response) {
            return response.json();
          }).then(function (topology) {
            var object = topology.objects[Object.keys(topology.objects)[0]];
            otherLayer = L.geoJSON(window.topojson.mesh(topology, object), {
              style: { renderer: renderer, color: "#1b1f23", weight: 1, dashArray: "4 4", fill: false },
              interactive: false
            }).addTo(map);
          });
        });
        return box;
      }
    });
    new Control({ position: "bottomleft" }).addTo(map);
  }

  function addTableButtons() {
    document.querySelectorAll(".map-table tbody tr[data-code]").forEach(function (row) {
      var code = row.getAttribute("data-code");
      var cell = row.querySelector("th");
      var button = element("button", "link show-on-map", text.showOnMap);
      button.type = "button";
      button.addEventListener("click", function () {
        if (focusUnit(code)) { mapElement.scrollIntoView({ block: "nearest" }); }
      });
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(button);
    });
  }

  function wireForm() {
    var form = document.getElementById("map-filters");
    if (!form) { return; }
    var initial = new FormData(form);
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
    form.addEventListener("submit", function (event) {
      var current = new FormData(form);
      var onlySearch = true;
      current.forEach(function (value, key) {
        if (key !== "q" && initial.get(key) !== value) { onlySearch = false; }
      });
      if (!onlySearch || !unitLayer) { return; }
      event.preventDefault();
      var codes = showMatches(current.get("q"));
      if (codes.length) { focusUnit(codes[0]); }
    });
  }

  function wirePointLayers() {
    var loaded = {};
    document.querySelectorAll("input.point-layer").forEach(function (input) {
      input.addEventListener("change", function () {
        var key = input.value;
        var info = data.layers.filter(function (item) { return item.key === key; })[0];
        if (!info) { return; }
        if (!input.checked) { if (loaded[key]) { map.removeLayer(loaded[key]); } return; }
        var b = map.getBounds();
        var url = info.url + "?bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
          return v.toFixed(5);
        }).join(",");
        fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); })
          .then(function (collection) {
            loaded[key] = L.geoJSON(collection, {
              pointToLayer: function (feature, latlng) {
                var colour = (feature.properties && feature.properties.colour) || "#ffd92f";
                return L.circleMarker(latlng, { renderer: renderer, radius: 6, color: "#1b1f23", weight: 1,
                  fillColor: colour, fillOpacity: 0.9 });
              },
              onEachFeature: function (feature, layer) {
                var props = feature.properties || {};
                // Polygons of a layer (growing areas' boundaries, drawn with their centre's marker) take the
                // feature's colour when it has one; the marker keeps its own style.
                (function paint(part) {
                  if (part instanceof L.Polygon) {
                    if (props.colour) {
                      part.setStyle({ color: props.colour, weight: 2, fillColor: props.colour, fillOpacity: 0.35 });
                    }
                  } else if (part.eachLayer) { part.eachLayer(paint); }
                })(layer);
                var box = element("div", "map-popup");
                box.appendChild(element("h3", "", props.name || info.label));
                if (props.label) { box.appendChild(element("p", "", props.label)); }
                if (props.url) {
                  var link = element("a", "", text.publicPage + " ›");
                  link.href = props.url;
                  box.appendChild(element("p")).appendChild(link);
                }
                layer.bindPopup(box);
              }
            }).addTo(map);
          });
      });
    });
  }

  addOtherStructureControl();
  addTableButtons();
  wireForm();
  wirePointLayers();
  if (params.get("boundaries") === "0") {
    markRendered();
    return;
  }
  fetch(data.topology, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(drawUnits)
    .catch(function () { markRendered(); });
})();
