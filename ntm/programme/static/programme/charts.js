/* Charts of the programme pages (Chart.js). Data comes from json_script blocks; every chart has a table beside it
   that gives the same figures, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var palette = { actual: "#1b9e77", target: "#d95f02" };

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var progress = read("progress-chart-data");
  var progressCanvas = document.getElementById("progress-chart");
  if (progress && progressCanvas && progress.labels.length) {
    new window.Chart(progressCanvas, {
      type: "bar",
      data: {
        labels: progress.labels,
        datasets: [
          { label: progress.actualLabel, data: progress.actual, backgroundColor: palette.actual },
          { label: progress.targetLabel, data: progress.target, backgroundColor: "rgba(0,0,0,0)", borderColor: palette.target, borderWidth: 2, borderDash: [4, 3] }
        ]
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { min: 0, max: 100, title: { display: true, text: "%" } } },
        plugins: { tooltip: { callbacks: { title: function (items) { return progress.titles[items[0].dataIndex]; } } } }
      }
    });
  }

  var trend = read("trend-chart-data");
  var trendCanvas = document.getElementById("trend-chart");
  if (trend && trendCanvas && trend.labels.length) {
    new window.Chart(trendCanvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [
          { label: trend.actualLabel, data: trend.actual, borderColor: palette.actual, backgroundColor: palette.actual, spanGaps: true },
          { label: trend.targetLabel, data: trend.target, borderColor: palette.target, borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: trend.unit === "percent" ? { min: 0, max: 100, title: { display: true, text: "%" } } : { beginAtZero: true } }
      }
    });
  }
})();
