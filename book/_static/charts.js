// Charts are static SVG images: light, and complete without JavaScript. When a reader
// points at a chart (mouse or touch), Vega is loaded from the site and draws the same
// chart live, with its values on hover. Nothing is loaded for readers who only read.
(function () {
  "use strict";
  var loading = null;
  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  function vegaFor(box) {
    if (window.vega && window.vega.expressionInterpreter) { return Promise.resolve(); }
    if (!loading) {
      loading = script(box.getAttribute("data-vega")).then(function () {
        return script(box.getAttribute("data-interpreter"));
      });
    }
    return loading;
  }
  function draw(box) {
    var url = box.getAttribute("data-spec");
    if (!url) { return; }
    vegaFor(box).then(function () {
      return fetch(url);
    }).then(function (response) { return response.json(); }).then(function (spec) {
      var live = document.createElement("div");
      live.className = "vega-live";
      // The interpreter evaluates expressions without eval (the site's security policy forbids it).
      var view = new vega.View(vega.parse(spec, null, { ast: true }),
        { renderer: "svg", container: live, hover: true, expr: vega.expressionInterpreter });
      return view.runAsync().then(function () {
        var image = box.querySelector("img");
        var svg = live.querySelector("svg");
        if (svg && image) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", image.getAttribute("alt") || "");
          image.replaceWith(live);
        }
      });
    }).catch(function () { /* keep the static image */ });
  }
  function start() {
    document.querySelectorAll(".vega-chart[data-spec]").forEach(function (box) {
      function go() {
        box.removeEventListener("pointerenter", go);
        draw(box);
      }
      box.addEventListener("pointerenter", go);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
