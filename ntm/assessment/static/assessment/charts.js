/* Dashboard charts. The numbers come from a <script type="application/json"> element that the page renders with
   Django's json_script (no inline script, CSP-safe); the table beside each chart always holds the same numbers,
   so the page reads the same without JavaScript or without this file. Colours: Okabe–Ito (colour-blind-safe). */
(function () {
  "use strict";
  var BLUE = "#0072B2", ORANGE = "#E69F00", GREEN = "#009E73", GREY = "#6b6b6b";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function draw(canvas, config) {
    if (!canvas || typeof window.Chart === "undefined") { return; }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom" } } }, config.options || {});
    canvas.closest(".chart").classList.add("drawn");
    new window.Chart(canvas, config);
  }

  function overview() {
    var d = data("overview-data");
    if (!d) { return; }
    var label = function (id) { var n = document.getElementById(id); return n ? n.textContent : id; };
    draw(document.getElementById("chart-levels"), {
      type: "bar",
      data: { labels: d.levels.labels, datasets: [
        { label: label("label-self"), data: d.levels.self_assessed, backgroundColor: BLUE },
        { label: label("label-official"), data: d.levels.official, backgroundColor: ORANGE }
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw(document.getElementById("chart-distribution"), {
      type: "bar",
      data: { labels: d.distribution.labels, datasets: [
        { label: label("label-units"), data: d.distribution.units, backgroundColor: GREEN }
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw(document.getElementById("chart-trend"), {
      type: "line",
      data: { labels: d.trend.labels, datasets: [
        { label: label("label-reached"), data: d.trend.reached, borderColor: BLUE, backgroundColor: BLUE },
        { label: label("label-recognised"), data: d.trend.official, borderColor: ORANGE, backgroundColor: ORANGE,
          borderDash: [6, 4] },
        { label: label("label-mean"), data: d.trend.mean_met, borderColor: GREY, backgroundColor: GREY,
          borderDash: [2, 3], yAxisID: "mean" }
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } },
        mean: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", overview);
  } else {
    overview();
  }
})();
