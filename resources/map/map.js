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
  var similarRenderer = null;
  var labelLayer = null;
  var measureLayer = null;
  var banner = null;
  var measureButton = null;
  var info = null;
  var legend = null;
  var scale = null;
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

  /* The legend (图例): rows of [{kind: case|cluster|pin|grid|similar|badge|thing, light, letter, colour, label}] from
   * Python, each with a swatch drawn as the map draws it; folded to its title until the seat clicks it. */
  function Legend(rows) {
    var Control = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create("div", "wsmap-legend wsmap-folded");  // unfolded when the seat asks
        var title = L.DomUtil.create("a", "wsmap-legend-title", box);
        title.href = "#";
        title.textContent = texts.legend;
        title.setAttribute("role", "button");
        var list = L.DomUtil.create("table", "wsmap-legend-rows", box);
        rows.forEach(function (row) {
          var line = L.DomUtil.create("tr", "", list);
          L.DomUtil.create("td", "wsmap-legend-swatch", line).innerHTML = swatch(row);
          L.DomUtil.create("td", "wsmap-legend-label", line).textContent = row.label;
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        L.DomEvent.on(title, "click", function (event) {
          L.DomEvent.preventDefault(event);
          box.classList.toggle("wsmap-folded");
        });
        return box;
      }
    });
    return new Control({position: "bottomright"});
  }

  function swatch(row) {
    var colour = row.light ? colours[row.light] : colours[row.colour] || "";
    var rim = row.light ? colours[row.light + "Rim"] : "";
    if (row.kind === "case") {
      return "<i class=\"wsmap-legend-case\" style=\"background:" + colour + ";border-color:" + rim + "\"></i>";
    }
    if (row.kind === "cluster") {
      return "<i class=\"wsmap-legend-cluster\" style=\"background:" + colour + ";border-color:" + rim + "\">" +
             escape(row.letter) + "</i>";
    }
    if (row.kind === "pin") {
      return "<i class=\"wsmap-legend-pin\"></i>";
    }
    if (row.kind === "grid") {
      return "<i class=\"wsmap-legend-grid\"></i>";
    }
    return "<i class=\"wsmap-legend-badge wsmap-legend-" + row.kind + "\" style=\"background:" + colour + "\">" +
           escape(row.letter) + "</i>";
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
      disableClusteringAtZoom: 17, iconCreateFunction: clusterIcon
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
    map.createPane("wsmapSimilar").style.zIndex = 620;  // above the markers (600), below the tooltips (650)
    similarRenderer = L.svg({pane: "wsmapSimilar"});
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

    scale = new Scale({imperial: false, maxWidth: 160}).addTo(map);
    Button("topleft", texts.zoomToCaseButton, texts.zoomToCase, zoomToCase).addTo(map);
    measureButton = Button("topleft", texts.measureButton, texts.measure, function () { measure(!measuring); });
    measureButton.addTo(map);
    banner = L.DomUtil.create("div", "wsmap-banner", map.getContainer());
    L.DomEvent.disableClickPropagation(banner);
    banner.style.display = "none";
    info = Box("bottomleft", "wsmap-info").addTo(map).getContainer();
    legend = Legend(config.legend || []).addTo(map).getContainer();
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
                      html: "<span></span>", iconSize: [30, 32], iconAnchor: [15, 29], tooltipAnchor: [0, -26]});  // the tip on the point
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

  /* A similar case's badge, SIMILAR_PX beside its point (on the side away from the case, the next ones
   * below) with a short leader to a dot on the point: a candidate a few metres off is not hidden by the pin. */
  var SIMILAR_PX = 28;

  function similarIcon(side, row) {
    var dx = side * SIMILAR_PX;
    var dy = -SIMILAR_PX + row * 24;
    return L.divIcon({
      className: "wsmap-badge wsmap-similar", iconSize: [0, 0], iconAnchor: [0, 0], tooltipAnchor: [dx + side * 10, dy],
      html: "<svg width=\"1\" height=\"1\"><line x1=\"0\" y1=\"0\" x2=\"" + dx + "\" y2=\"" + dy + "\" stroke=\"" +
            colours.similar + "\"/></svg><i style=\"background:" + colours.similar + "\"></i><span style=\"left:" +
            (dx - 10) + "px;top:" + (dy - 10) + "px;background:" + colours.similar + "\">" + escape(texts.similarBadge) +
            "</span>"
    });
  }

  /* similar: [{id, lat, lon, label}]: a dashed line from the case to each candidate, drawn above the pins */
  function drawSimilar(similar) {
    similarIds = [];
    caseLayer.eachLayer(function (layer) {
      if (layer.options.wsmapSimilar) {
        caseLayer.removeLayer(layer);
      }
    });
    var rows = {"-1": 0, "1": 0};
    similar.forEach(function (candidate) {
      similarIds.push(candidate.id);
      var located = current !== null && current.lat !== null;
      if (located) {
        L.polyline([[current.lat, current.lon], [candidate.lat, candidate.lon]], {
          color: colours.similar, weight: 2.5, dashArray: "6 4", interactive: false, wsmapSimilar: true,
          pane: "wsmapSimilar", renderer: similarRenderer
        }).addTo(caseLayer);
      }
      var side = located && candidate.lon < current.lon ? -1 : 1;
      var marker = L.marker([candidate.lat, candidate.lon], {
        icon: similarIcon(side, rows[side]), wsmapSimilar: true, wsmapId: candidate.id, zIndexOffset: 1100,
        bubblingMouseEvents: true, keyboard: false
      }).bindTooltip(escape(candidate.label));
      rows[side] += 1;
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

  var URGENCY = {green: 0, yellow: 1, red: 2};

  /* A cluster of open cases: its count on the colour of its most urgent timer, so an overdue case hidden
   * in it still shows red. */
  function clusterIcon(cluster) {
    var light = "green";
    cluster.getAllChildMarkers().forEach(function (marker) {
      if (URGENCY[marker.wsmap.light] > URGENCY[light]) {
        light = marker.wsmap.light;
      }
    });
    return L.divIcon({
      className: "marker-cluster wsmap-cluster wsmap-cluster-" + light,
      html: "<div style=\"background:" + colours[light] + ";border-color:" + colours[light + "Rim"] + "\"><span>" +
            cluster.getChildCount() + "</span></div>",
      iconSize: [40, 40]
    });
  }

  /* cases: [{id, lat, lon, light, label}]: the open cases, filled in their timer's colour and clustered when
   * many. Sent whole, applied as a difference: a marker whose case only changed colour is restyled, not
   * rebuilt (and its cluster recoloured). */
  function setCases(cases) {
    var seen = {};
    var added = [];
    var removed = [];
    var recoloured = [];
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
        marker = L.circleMarker([item.lat, item.lon], {radius: 7, weight: 2, fillOpacity: 1});
        marker.on("click", opens(item.id));
        marker.bindTooltip("");
        added.push(marker);
        caseMarkers[item.id] = marker;
      }
      if (!marker.wsmap || marker.wsmap.light !== item.light) {
        marker.setStyle({color: colours[item.light + "Rim"], fillColor: colours[item.light]});
        if (marker.wsmap) {
          recoloured.push(marker);
        }
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
    if (recoloured.length) {
      layers.cases.refreshClusters(recoloured);
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
      info: info === null ? "" : info.textContent, banner: banner === null ? "" : banner.textContent,
      clusters: clusters(), similarShown: similarShown(), caseStyles: caseStyles(),
      legend: legend === null ? null : {folded: legend.classList.contains("wsmap-folded"),
                                        title: legend.querySelector(".wsmap-legend-title").textContent,
                                        rows: Array.prototype.map.call(legend.querySelectorAll("tr"), function (row) {
                                          return {mark: row.cells[0].textContent, label: row.cells[1].textContent};
                                        })},
      scale: scale === null ? null : scale.getContainer().textContent
    };
  }

  /* The clusters on the map as drawn: [{count, light, colour, ids}] (the ids of the cases inside). */
  function clusters() {
    var found = [];
    map.eachLayer(function (layer) {
      var element = layer instanceof L.MarkerCluster ? layer.getElement() : null;
      if (element) {
        var light = /wsmap-cluster-(\w+)/.exec(element.className);
        found.push({count: Number(element.textContent), light: light ? light[1] : null,
                    colour: window.getComputedStyle(element.firstChild).backgroundColor,
                    ids: layer.getAllChildMarkers().map(function (marker) { return marker.wsmap.id; })});
      }
    });
    return found;
  }

  /* The open cases' markers as drawn: {id: {light, fill, rim, opacity}}. */
  function caseStyles() {
    var styles = {};
    Object.keys(caseMarkers).forEach(function (id) {
      var options = caseMarkers[id].options;
      styles[id] = {light: caseMarkers[id].wsmap.light, fill: options.fillColor, rim: options.color,
                    opacity: options.fillOpacity};
    });
    return styles;
  }

  function box(element) {
    var r = element.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  }

  /* How the shown case's similar cases are seen: each badge's box, whether it is on top at its centre, the
   * pin's box, and whether the dashed lines are drawn above the pins. */
  function similarShown() {
    var pinElement = caseMarker === null ? null : caseMarker.getElement();
    var badges = [];
    caseLayer.eachLayer(function (layer) {
      if (layer.options.wsmapId && layer.getElement()) {
        var span = layer.getElement().querySelector("span");
        var r = span.getBoundingClientRect();
        var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        badges.push({id: layer.options.wsmapId, box: box(span), onTop: span.contains(hit), text: span.textContent});
      }
    });
    var pane = Number(window.getComputedStyle(map.getPane("wsmapSimilar")).zIndex);
    return {badges: badges, pin: pinElement === null ? null : box(pinElement),
            linesAbovePins: pane > Number(window.getComputedStyle(map.getPane("markerPane")).zIndex),
            lines: map.getPane("wsmapSimilar").querySelectorAll("path").length};
  }

  /* Look at (lat, lon) at `zoom` (tests and screenshots; the seat pans and zooms with the mouse). */
  function setView(lat, lon, zoom) {
    map.setView([lat, lon], zoom, {animate: false});
    return map.getZoom();
  }

  /* Where a point is in the view, in CSS pixels (for tests that click it like a seat). */
  function pixelOf(lat, lon) {
    var point = map.latLngToContainerPoint([lat, lon]);
    return {x: point.x, y: point.y};
  }

  window.wsmap = {
    attach: attach, showCase: showCase, clearCase: clearCase, showSimilar: showSimilar, zoomToCase: zoomToCase,
    setCases: setCases, setCollectors: setCollectors, setThings: setThings, setHeat: setHeat,
    setLayer: setLayer, pick: pick, measure: measure, state: state, pixelOf: pixelOf, setView: setView
  };
}());
