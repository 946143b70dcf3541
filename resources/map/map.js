/* The seat's map page (workstation/ui/map_panel.py). folium builds the page once — the map, the base,
 * the 单元网格 and the layer control — and calls wsmap.attach() at its end. From then on Python drives
 * the page with the small calls of `window.wsmap` below (each returns at once, so its answer is the
 * acknowledgement), and the seat's clicks go back through QWebChannel (`bridge`, see MapBridge).
 * Every coordinate arrives in the tiles' datum already: Python converts in one place. */
(function () {
  "use strict";

  var map = null;
  var bridge = null;
  var pending = [];  // bridge calls made before QWebChannel answered
  var texts = {};
  var colours = {};
  var control = null;
  var gridLayer = null;
  var baseLayer = null;
  var gridByCode = {};
  var layers = {};  // what the seat switches: grid, cases, collectors, things, heat
  var caseLayer = null;  // the shown case: its grid cell, its point, its similar cases
  var caseMarker = null;
  var labelLayer = null;
  var measureLayer = null;
  var banner = null;
  var measureButton = null;
  var info = null;
  var current = null;  // {id, lat, lon, grid}
  var similarIds = [];
  var caseIds = [];
  var caseMarkers = {};
  var lastCases = [];
  var collectorIds = [];
  var thingIds = [];
  var heatCells = 0;
  var picking = false;
  var pickOwn = false;
  var pickMarker = null;  // the marker being picked: the shown case's own, or one in pickLayer
  var pickLayer = null;
  var pickHint = "";
  var measuring = false;
  var measurePoints = [];
  var seq = 0;
  var loadId = String(Date.now()) + "-" + Math.random().toString(36).slice(2);

  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (bridge === null) {
      pending.push([name, args]);
    } else {
      bridge[name].apply(bridge, args);
    }
  }

  function escape(text) {
    return String(text === undefined || text === null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function badge(letter, colour, extra) {
    return L.divIcon({
      className: "wsmap-badge " + (extra || ""),
      html: "<span style=\"background:" + colour + "\">" + escape(letter) + "</span>",
      iconSize: [20, 20], iconAnchor: [10, 10], tooltipAnchor: [10, 0]
    });
  }

  function metres(value) {
    return value < 1000 ? texts.metres.replace("%1", Math.round(value))
      : texts.kilometres.replace("%1", (value / 1000).toFixed(2));
  }

  // --- the page's pieces ---------------------------------------------------------------------------

  function Button(position, text, title, onClick) {
    var Control = L.Control.extend({
      onAdd: function () {
        var link = L.DomUtil.create("a", "wsmap-button");
        link.href = "#";
        link.textContent = text;
        link.title = title;
        link.setAttribute("role", "button");
        L.DomEvent.disableClickPropagation(link);
        L.DomEvent.on(link, "click", function (event) {
          L.DomEvent.preventDefault(event);
          onClick(link);
        });
        var bar = L.DomUtil.create("div", "leaflet-bar wsmap-bar");
        bar.appendChild(link);
        return bar;
      }
    });
    return new Control({position: position});
  }

  function Box(position, className) {
    var Control = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create("div", className);
        L.DomEvent.disableClickPropagation(box);
        box.style.display = "none";
        return box;
      }
    });
    return new Control({position: position});
  }

  function showBox(element, html) {
    element.innerHTML = html;
    element.style.display = html ? "" : "none";
  }

  /* labels: [{lat, lon, name, kind, angle, minZoom, maxZoom}]: the offline base's names, each shown
   * between its zooms (districts from afar, lanes only close up). */
  function addLabels(labels) {
    labelLayer = L.layerGroup();
    labels.forEach(function (label) {
      var marker = L.marker([label.lat, label.lon], {
        interactive: false, keyboard: false,
        icon: L.divIcon({className: "wsmap-label wsmap-label-" + label.kind + (label.vertical ? " wsmap-vertical" : ""),
                         iconSize: null,
                         html: "<span style=\"transform: translate(-50%, -50%) rotate(" + label.angle + "deg)\">" +
                               escape(label.name) + "</span>"})
      });
      marker.wsmap = label;
      labelLayer.addLayer(marker);
    });
    function byZoom() {
      var zoom = map.getZoom();
      labelLayer.eachLayer(function (marker) {
        var element = marker.getElement();
        if (element) {
          element.style.display = zoom >= marker.wsmap.minZoom && zoom <= marker.wsmap.maxZoom ? "" : "none";
        }
      });
    }
    map.on("zoomend", byZoom);
    labelLayer.on("add", byZoom);
    if (baseLayer === null || map.hasLayer(baseLayer)) {
      labelLayer.addTo(map);
    }
    if (baseLayer !== null) {
      baseLayer.on("add", function () { labelLayer.addTo(map); });
      baseLayer.on("remove", function () { labelLayer.remove(); });
    }
  }

  /* Leaflet's scale bar, in the seat's words for metres and kilometres. */
  var Scale = L.Control.Scale.extend({
    _updateMetric: function (maxMeters) {
      var meters = this._getRoundNum(maxMeters);
      var label = meters < 1000 ? texts.metres.replace("%1", meters) : texts.kilometres.replace("%1", meters / 1000);
      this._updateScale(this._mScale, label, meters / maxMeters);
    }
  });

  // --- attach: called once by the page folium built --------------------------------------------------

  function attach(leafletMap, config) {
    map = leafletMap;
    texts = config.texts;
    colours = config.colours;
    control = config.control;
    gridLayer = config.grid;
    baseLayer = config.base || null;
    gridLayer.eachLayer(function (layer) {
      gridByCode[layer.feature.properties.code] = layer;
    });
    layers.grid = gridLayer;
    layers.cases = L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      disableClusteringAtZoom: 17
    });
    layers.collectors = L.layerGroup();
    layers.things = L.layerGroup();
    layers.heat = L.layerGroup();
    control.addOverlay(layers.cases, texts.layerCases);
    control.addOverlay(layers.collectors, texts.layerCollectors);
    control.addOverlay(layers.things, texts.layerThings);
    control.addOverlay(layers.heat, texts.layerHeat);
    layers.cases.addTo(map);
    layers.collectors.addTo(map);
    layers.things.addTo(map);
    caseLayer = L.layerGroup().addTo(map);
    pickLayer = L.layerGroup().addTo(map);
    measureLayer = L.layerGroup().addTo(map);
    addLabels(config.labels || []);
    map.on("overlayadd overlayremove", function (event) {
      Object.keys(layers).forEach(function (key) {
        if (layers[key] === event.layer) {
          call("layerToggled", key, event.type === "overlayadd");
        }
      });
    });

    new Scale({imperial: false, maxWidth: 160}).addTo(map);
    Button("topleft", texts.zoomToCaseButton, texts.zoomToCase, zoomToCase).addTo(map);
    measureButton = Button("topleft", texts.measureButton, texts.measure, function () { measure(!measuring); });
    measureButton.addTo(map);
    banner = L.DomUtil.create("div", "wsmap-banner", map.getContainer());
    L.DomEvent.disableClickPropagation(banner);
    banner.style.display = "none";
    info = Box("bottomleft", "wsmap-info").addTo(map).getContainer();
    map.doubleClickZoom.disable();  // a double click ends a measurement; the buttons and wheel zoom
    map.attributionControl.setPrefix(false);

    map.on("click", clicked);
    map.on("dblclick", function () { if (measuring) { measure(false); } });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      if (measuring) {
        measure(false);
      } else if (picking) {
        call("pickCancelled");
      }
    });
    if (config.bounds) {
      map.fitBounds(config.bounds, {animate: false});
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.bridge;
      pending.forEach(function (entry) { bridge[entry[0]].apply(bridge, entry[1]); });
      pending = [];
      bridge.ready(loadId);
    });
  }

  function clicked(event) {
    // where the mouse was: on a marker Leaflet gives the marker's own place instead
    var point = event.originalEvent ? map.mouseEventToLatLng(event.originalEvent) : event.latlng;
    if (measuring) {
      measurePoints.push(point);
      drawMeasure();
    } else if (picking) {
      movePick(point);
      call("picked", point.lng, point.lat);
    }
  }

  /* A click on a case opens it, except while picking or measuring: then it is only the click on the map
   * there that every marker passes on (bubblingMouseEvents). */
  function opens(caseId) {
    return function () {
      if (!picking && !measuring) {
        call("caseClicked", caseId);
      }
    };
  }

  // --- the shown case -------------------------------------------------------------------------------

  function pinIcon(amber) {
    return L.divIcon({className: "wsmap-pin" + (amber ? " wsmap-pin-picking" : ""),
                      html: "<span></span>", iconSize: [26, 36], iconAnchor: [13, 34], tooltipAnchor: [0, -30]});
  }

  function pin(lat, lon, layer) {
    var marker = L.marker([lat, lon], {icon: pinIcon(false), zIndexOffset: 1000, keyboard: false,
                                       bubblingMouseEvents: true});
    marker.on("dragend", function () {
      var point = marker.getLatLng();
      call("picked", point.lng, point.lat);
    });
    return marker.addTo(layer);
  }

  /* The shown case's marker at (lat, lon); while its own place is picked, it is the marker dragged. */
  function placeMarker(lat, lon) {
    if (caseMarker === null) {
      caseMarker = pin(lat, lon, caseLayer);
    } else {
      caseMarker.setLatLng([lat, lon]);
    }
    if (picking && pickOwn) {
      holdPick(caseMarker);
    }
  }
  /* case: {seq, id, lat, lon (null when not located), grid, gridLabel, tooltip, info, centre, similar} */
  function showCase(shown) {
    seq = shown.seq;
    caseLayer.clearLayers();
    if (pickMarker === caseMarker) {
      pickMarker = null;
    }
    caseMarker = null;
    current = {id: shown.id, lat: shown.lat, lon: shown.lon, grid: shown.grid};
    var cell = shown.grid ? gridByCode[shown.grid] : null;
    if (cell) {
      var bounds = cell.getBounds();
      L.polygon(cell.getLatLngs(), {color: colours.grid, weight: 3, fillOpacity: 0.06, interactive: false})
        .addTo(caseLayer);
      L.tooltip({permanent: true, direction: "top", className: "wsmap-grid-label", interactive: false})
        .setLatLng([bounds.getNorth(), bounds.getCenter().lng])
        .setContent(escape(shown.gridLabel))
        .addTo(caseLayer);
    }
    if (shown.lat !== null) {
      placeMarker(shown.lat, shown.lon);
      caseMarker.bindTooltip(shown.tooltip, {direction: "top"});
    }
    drawSimilar(shown.similar || []);
    setThings(shown.things || []);
    setCases(lastCases);
    showBox(info, shown.info || "");
    if (shown.centre) {
      var target = shown.lat !== null ? L.latLng(shown.lat, shown.lon) : (cell ? cell.getBounds().getCenter() : null);
      if (target !== null) {
        map.setView(target, Math.max(map.getZoom(), shown.zoom || 16), {animate: false});
      }
    }
    afterPaint(seq);
    return seq;
  }

  /* Tell Python once the frame showing call `sequence` has been painted (a timeout queued in the frame's
   * animation callback runs after that frame is drawn). */
  function afterPaint(sequence) {
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { call("painted", sequence); }, 0);
    });
  }

  function clearCase(sequence) {
    seq = sequence;
    caseLayer.clearLayers();
    if (pickMarker === caseMarker) {
      pickMarker = null;
    }
    caseMarker = null;
    current = null;
    similarIds = [];
    setThings([]);
    setCases(lastCases);
    showBox(info, "");
    afterPaint(seq);
    return seq;
  }

  function zoomToCase() {
    if (current === null) {
      return false;
    }
    if (current.lat !== null) {
      map.setView([current.lat, current.lon], Math.max(map.getZoom(), 17), {animate: false});
    } else if (current.grid && gridByCode[current.grid]) {
      map.fitBounds(gridByCode[current.grid].getBounds(), {animate: false});
    }
    return true;
  }

  /* similar: [{id, lat, lon, label}]: a dashed line from the case to each candidate */
  function drawSimilar(similar) {
    similarIds = [];
    caseLayer.eachLayer(function (layer) {
      if (layer.options.wsmapSimilar) {
        caseLayer.removeLayer(layer);
      }
    });
    similar.forEach(function (candidate) {
      similarIds.push(candidate.id);
      if (current !== null && current.lat !== null) {
        L.polyline([[current.lat, current.lon], [candidate.lat, candidate.lon]], {
          color: colours.similar, weight: 2, dashArray: "6 5", interactive: false, wsmapSimilar: true
        }).addTo(caseLayer);
      }
      var marker = L.marker([candidate.lat, candidate.lon], {
        icon: badge(texts.similarBadge, colours.similar, "wsmap-similar"), wsmapSimilar: true, zIndexOffset: 500,
        bubblingMouseEvents: true
      }).bindTooltip(escape(candidate.label));
      marker.on("click", opens(candidate.id));
      marker.addTo(caseLayer);
    });
    return similarIds.length;
  }

  function showSimilar(sequence, similar) {
    seq = sequence;
    var drawn = drawSimilar(similar);
    setCases(lastCases);
    return drawn;
  }

  // --- the other layers -----------------------------------------------------------------------------

  /* cases: [{id, lat, lon, fill, stroke, label}]: the open cases, clustered when many. Sent whole, applied as
   * a difference: a marker whose case only changed colour is restyled, not rebuilt. */
  function setCases(cases) {
    var seen = {};
    var added = [];
    var removed = [];
    var apart = {};  // the shown case and its similar cases have markers of their own
    if (current !== null) {
      apart[current.id] = true;
    }
    similarIds.forEach(function (id) { apart[id] = true; });
    lastCases = cases;
    cases.forEach(function (item) {
      if (apart[item.id]) {
        return;
      }
      seen[item.id] = true;
      var marker = caseMarkers[item.id];
      if (marker && (marker.wsmap.lat !== item.lat || marker.wsmap.lon !== item.lon)) {
        removed.push(marker);
        marker = null;
      }
      if (!marker) {
        marker = L.circleMarker([item.lat, item.lon], {radius: 7, weight: 2.5, fillOpacity: 1});
        marker.on("click", opens(item.id));
        marker.bindTooltip("");
        added.push(marker);
        caseMarkers[item.id] = marker;
      }
      if (!marker.wsmap || marker.wsmap.fill !== item.fill || marker.wsmap.stroke !== item.stroke) {
        marker.setStyle({color: item.stroke, fillColor: item.fill});
      }
      if (!marker.wsmap || marker.wsmap.label !== item.label) {
        marker.setTooltipContent(escape(item.label));
      }
      marker.wsmap = item;
    });
    Object.keys(caseMarkers).forEach(function (id) {
      if (!seen[id]) {
        removed.push(caseMarkers[id]);
        delete caseMarkers[id];
      }
    });
    if (removed.length) {
      layers.cases.removeLayers(removed);
    }
    if (added.length) {
      layers.cases.addLayers(added);
    }
    caseIds = Object.keys(caseMarkers);
    return caseIds.length;
  }

  /* collectors: [{id, lat, lon, label}] */
  function setCollectors(collectors) {
    layers.collectors.clearLayers();
    collectorIds = [];
    collectors.forEach(function (item) {
      L.marker([item.lat, item.lon], {icon: badge(texts.collectorBadge, colours.collector, "wsmap-collector"),
                                      bubblingMouseEvents: true, zIndexOffset: 700})  // above the clusters
        .bindTooltip(escape(item.label)).addTo(layers.collectors);
      collectorIds.push(item.id);
    });
    return collectorIds.length;
  }

  /* things: [{id, lat, lon, letter, colour, label}]: cameras and IoT devices near the case */
  function setThings(things) {
    layers.things.clearLayers();
    thingIds = [];
    things.forEach(function (item) {
      L.marker([item.lat, item.lon], {icon: badge(item.letter, item.colour, "wsmap-thing"), bubblingMouseEvents: true,
                                      zIndexOffset: 600})
        .bindTooltip(escape(item.label)).addTo(layers.things);
      thingIds.push(item.id);
    });
    return thingIds.length;
  }

  /* heat: [{code, count, colour}]: the grid cells shaded by the cases of the last days */
  function setHeat(cells) {
    layers.heat.clearLayers();
    heatCells = 0;
    cells.forEach(function (item) {
      var cell = gridByCode[item.code];
      if (!cell) {
        return;
      }
      L.polygon(cell.getLatLngs(), {stroke: false, fillColor: item.colour, fillOpacity: 0.55, interactive: true})
        .bindTooltip(escape(item.label)).addTo(layers.heat);
      heatCells += 1;
    });
    return heatCells;
  }

  function setLayer(key, visible) {
    var layer = layers[key];
    if (!layer) {
      return false;
    }
    if (visible && !map.hasLayer(layer)) {
      map.addLayer(layer);
    } else if (!visible && map.hasLayer(layer)) {
      map.removeLayer(layer);
    }
    return map.hasLayer(layer);
  }

  // --- picking and measuring ------------------------------------------------------------------------

  /* The marker being picked: amber and draggable. */
  function holdPick(marker) {
    pickMarker = marker;
    marker.setIcon(pinIcon(true));
    marker.dragging.enable();
  }

  /* on: arm or disarm; point: where the picked place is now (or null); hint: what happens with the point (saved as
   * a correction, or filled into a new case); own: the place picked is the shown case's, so its marker moves (for
   * a new case or another case a marker of its own does). */
  function pick(on, point, hint, own) {
    pickHint = hint || "";
    picking = on;
    pickOwn = Boolean(on && own);
    map.getContainer().classList.toggle("wsmap-picking", on);
    if (on && measuring) {
      measure(false);
    }
    pickLayer.clearLayers();
    pickMarker = null;
    if (caseMarker !== null) {  // back where the case is (a pick that ended saved and redraws it)
      caseMarker.dragging.disable();
      caseMarker.setIcon(pinIcon(false));
      if (current !== null && current.lat !== null) {
        caseMarker.setLatLng([current.lat, current.lon]);
      }
    }
    if (pickOwn && caseMarker !== null) {
      holdPick(caseMarker);
    } else if (on && point) {
      holdPick(pin(point.lat, point.lon, pickLayer));
    }
    pickBanner();
    return picking;
  }

  function pickBanner() {
    showBox(banner, picking ? "<b>" + escape(texts.pickTitle) + "</b><br>" + (pickHint ? escape(pickHint) + "<br>" : "")
      + escape(texts.pickCancel) : "");
  }

  /* A click while picking: the picked marker goes there (the first click of a pick without one makes it). */
  function movePick(point) {
    if (pickMarker === null) {
      if (pickOwn && caseMarker === null) {
        placeMarker(point.lat, point.lng);
      } else {
        holdPick(pin(point.lat, point.lng, pickLayer));
      }
    } else {
      pickMarker.setLatLng(point);
    }
  }

  function drawMeasure() {
    measureLayer.clearLayers();
    var total = 0;
    measurePoints.forEach(function (point, index) {
      if (index > 0) {
        total += map.distance(measurePoints[index - 1], point);
      }
      L.circleMarker(point, {radius: 4, weight: 2, color: colours.measure, fillColor: "#ffffff", fillOpacity: 1,
                             interactive: false}).addTo(measureLayer);
    });
    if (measurePoints.length > 1) {
      L.polyline(measurePoints, {color: colours.measure, weight: 3, interactive: false}).addTo(measureLayer);
    }
    if (measurePoints.length > 0) {
      var last = measurePoints[measurePoints.length - 1];
      L.tooltip({permanent: true, direction: "right", className: "wsmap-measure-label", interactive: false})
        .setLatLng(last).setContent(measurePoints.length > 1 ? metres(total) : escape(texts.measureStart))
        .addTo(measureLayer);
    }
    showBox(banner, measuring ? "<b>" + escape(texts.measureTitle) + "</b> " +
      (measurePoints.length > 1 ? escape(metres(total)) : "") + "<br>" + escape(texts.measureHint) : "");
    return total;
  }

  function measure(on) {
    measuring = on;
    map.getContainer().classList.toggle("wsmap-measuring", on);
    measureButton.getContainer().classList.toggle("wsmap-active", on);
    if (on) {
      measurePoints = [];
    }
    var total = drawMeasure();
    if (!on) {
      measureLayer.clearLayers();
      measurePoints = [];
      pickBanner();
    }
    return total;
  }

  // --- reading back ---------------------------------------------------------------------------------

  function state() {
    var shown = {};
    Object.keys(layers).forEach(function (key) { shown[key] = map.hasLayer(layers[key]); });
    var marker = caseMarker === null ? null : caseMarker.getLatLng();
    var centre = map.getCenter();
    var total = 0;
    for (var i = 1; i < measurePoints.length; i += 1) {
      total += map.distance(measurePoints[i - 1], measurePoints[i]);
    }
    return {
      loadId: loadId, seq: seq, zoom: map.getZoom(), centre: {lat: centre.lat, lon: centre.lng},
      caseId: current === null ? null : current.id, grid: current === null ? null : current.grid,
      marker: marker === null ? null : {lat: marker.lat, lon: marker.lng},
      draggable: pickMarker !== null && pickMarker.dragging.enabled(),
      picked: pickMarker === null ? null : {lat: pickMarker.getLatLng().lat, lon: pickMarker.getLatLng().lng},
      similar: similarIds.slice(), cases: caseIds.length, caseIds: caseIds.slice(),
      collectors: collectorIds.slice(), things: thingIds.slice(), heatCells: heatCells, layers: shown,
      picking: picking, measuring: measuring, measured: total,
      info: info === null ? "" : info.textContent, banner: banner === null ? "" : banner.textContent
    };
  }

  /* Where a point is in the view, in CSS pixels (for tests that click it like a seat). */
  function pixelOf(lat, lon) {
    var point = map.latLngToContainerPoint([lat, lon]);
    return {x: point.x, y: point.y};
  }

  window.wsmap = {
    attach: attach, showCase: showCase, clearCase: clearCase, showSimilar: showSimilar, zoomToCase: zoomToCase,
    setCases: setCases, setCollectors: setCollectors, setThings: setThings, setHeat: setHeat,
    setLayer: setLayer, pick: pick, measure: measure, state: state, pixelOf: pixelOf
  };
}());
