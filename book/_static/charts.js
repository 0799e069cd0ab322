// Makes each chart interactive: the static SVG stays until Vega has drawn the chart
// from its spec (both served by the site). Without JavaScript the SVG is the chart.
(function () {
  "use strict";
  function draw(box) {
    var url = box.getAttribute("data-spec");
    if (!url || !window.vega || !vega.expressionInterpreter) { return; }
    fetch(url).then(function (response) { return response.json(); }).then(function (spec) {
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
    var boxes = document.querySelectorAll(".vega-chart[data-spec]");
    if (!("IntersectionObserver" in window)) { boxes.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "200px" });
    boxes.forEach(function (box) { observer.observe(box); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
