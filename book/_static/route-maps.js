// What every route map does besides its data (render/maps.py calls KenyaRoutesMap.setup first):
// - draws the site's own basemap under everything: land, coastlines and country borders from
//   Natural Earth (world-atlas, loaded before this script as window.KenyaRoutesWorld, turned into
//   GeoJSON by topojson-client), so a map reads with no map tiles at all;
// - sets the first view: the map's routes, or the places of one region with a button to zoom out
//   to every route and back;
// - labels the busiest places, hiding a label that would overlap a busier one at the current zoom.
// Names are shown as text, never as markup.
(function () {
  "use strict";

  // Without animation: the first view is drawn once, and a reader who asked for less motion gets none.
  var FIT = { padding: [16, 16], maxZoom: 7, animate: false };

  // Natural Earth's rings that cross the antimeridian jump from 180 to -180 degrees; drawn flat they
  // would streak across the world. Each point is moved by whole turns to continue its ring.
  function unwrap(ring) {
    var out = [ring[0]];
    for (var i = 1; i < ring.length; i++) {
      var lng = ring[i][0], previous = out[i - 1][0];
      while (lng - previous > 180) { lng -= 360; }
      while (lng - previous < -180) { lng += 360; }
      out.push([lng, ring[i][1]]);
    }
    return out;
  }

  function unwrapped(geometry) {
    var c = geometry.coordinates;
    if (geometry.type === "Polygon" || geometry.type === "MultiLineString") {
      c = c.map(unwrap);
    } else if (geometry.type === "MultiPolygon") {
      c = c.map(function (polygon) { return polygon.map(unwrap); });
    } else if (geometry.type === "LineString") {
      c = unwrap(c);
    }
    return { type: geometry.type, coordinates: c };
  }

  function basemap(map) {
    var world = window.KenyaRoutesWorld, topojson = window.topojson;
    if (!world || !topojson) { return; }
    // Under the tiles (200) and the routes (400); never in the way of a pointer.
    var pane = map.createPane("basemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    var land = topojson.feature(world, world.objects.land);
    land.features.forEach(function (feature) { feature.geometry = unwrapped(feature.geometry); });
    L.geoJSON(land, {
      pane: "basemap",
      interactive: false,
      attribution: "Basemap: Natural Earth",
      style: { className: "basemap-land", color: "#7d8c96", weight: 0.8, fillColor: "#f4f2ee", fillOpacity: 1 }
    }).addTo(map);
    // The borders in a task of their own too: a phone's main thread is never blocked for long at once.
    window.setTimeout(function () {
      var borders = topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; });
      L.geoJSON(unwrapped(borders), {
        pane: "basemap",
        interactive: false,
        style: { className: "basemap-border", color: "#8f8f8f", weight: 0.8, fill: false }
      }).addTo(map);
    }, 0);
  }

  function labels(map, places) {
    if (!places.length) { return; }
    var pane = map.createPane("routeLabels");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    // The places themselves are named for screen readers; their labels are for the eye.
    pane.setAttribute("aria-hidden", "true");
    var markers = places.map(function (place) {
      var text = document.createElement("span");
      text.textContent = place[2];
      return L.marker([place[0], place[1]], {
        pane: "routeLabels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "route-hub-label", html: text, iconSize: null, iconAnchor: [-7, 9] })
      }).addTo(map);
    });
    function declutter() {
      var taken = [];
      markers.forEach(function (marker) {
        var element = marker.getElement();
        if (!element) { return; }
        element.style.visibility = "";
        var box = element.getBoundingClientRect();
        var clash = taken.some(function (other) {
          return box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top;
        });
        if (clash) { element.style.visibility = "hidden"; } else { taken.push(box); }
      });
    }
    map.on("zoomend resize", declutter);
    // Again once the frame's page has its final layout (a frame may be laid out after this runs).
    window.addEventListener("load", declutter);
    declutter();
  }

  // The view a map shows until its reader moves it: fitted again when its frame changes size (a phone
  // turned on its side), until the reader drags or zooms.
  function fitter(map) {
    var shown = null, fitting = false;
    function fit(bounds) {
      shown = bounds;
      fitting = true;
      map.fitBounds(bounds, FIT);
      fitting = false;
    }
    map.on("dragstart", function () { shown = null; });
    map.on("zoomstart", function () { if (!fitting) { shown = null; } });
    map.on("resize", function () { if (shown) { fit(shown); } });
    return fit;
  }

  function viewButton(map, fit, view, all, focus) {
    var words = { out: "Zoom out to all corridors", back: "Back to " + focus };
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-bar route-view");
        var button = L.DomUtil.create("button", "", box);
        var zoomedOut = false;
        button.type = "button";
        button.textContent = words.out;
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(button, "click", function () {
          zoomedOut = !zoomedOut;
          fit(zoomedOut ? all : view);
          button.textContent = zoomedOut ? words.back : words.out;
        });
        return box;
      }
    });
    new Control().addTo(map);
  }

  window.KenyaRoutesMap = {
    setup: function (map, options) {
      var fit = fitter(map);
      fit(options.view);
      // In tasks of their own, after the routes.
      window.setTimeout(function () { basemap(map); }, 0);
      if (options.focus) { viewButton(map, fit, options.view, options.all, options.focus); }
      labels(map, options.labels);
    }
  };
})();
