// Draws each Insights chart with Chart.js (vendor/chart.umd.min.js) from the table of numbers
// under it: the table is the one source, so the picture and the numbers cannot disagree, and
// without this file the page still has every number. No inline script or style: CSP-safe.
(function () {
  "use strict";

  if (!window.Chart) { return; }
  var Chart = window.Chart;
  var STEPS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400,
               30 * 86400];

  function duration(seconds) {
    if (seconds < 3600) { return Math.round(seconds / 60) + " min"; }
    if (seconds < 86400) { return +(seconds / 3600).toFixed(1) + " h"; }
    var days = +(seconds / 86400).toFixed(1);
    return days + (days === 1 ? " day" : " days");
  }

  function percent(value) { return Math.round(value * 1000) / 10 + "%"; }

  function format(unit) {
    if (unit === "rate") { return percent; }
    if (unit === "seconds") { return duration; }
    return function (value) { return value.toLocaleString(); };
  }

  function read(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var series = [];
    heads.forEach(function (th, index) {
      if (!th.hasAttribute("data-series")) { return; }
      series.push({
        label: th.textContent.trim(),
        colour: th.getAttribute("data-colour") || "#2456c9",
        unit: th.getAttribute("data-unit") || "",
        values: rows.map(function (row) {
          var raw = row.cells[index].getAttribute("data-value");
          return raw === null || raw === "" ? null : Number(raw);
        })
      });
    });
    return {
      labels: rows.map(function (row) { return row.cells[0].textContent.trim(); }),
      series: series
    };
  }

  function draw(figure) {
    var kind = figure.getAttribute("data-chart");
    var box = figure.querySelector("[data-chart-box]");
    var table = figure.querySelector("table");
    if (!box || !table || kind === "none") { return; }
    var numbers = read(table);
    var unit = numbers.series.length ? numbers.series[0].unit : "";
    var line = kind === "line";
    var canvas = document.createElement("canvas");
    // The table under the chart carries the numbers; the picture is named for screen readers.
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", figure.getAttribute("data-summary") + " The numbers are in the table below.");
    box.appendChild(canvas);
    var valueAxis = {
      beginAtZero: true,
      stacked: kind === "stacked",
      ticks: { callback: format(unit) }
    };
    if (unit === "rate") { valueAxis.min = 0; valueAxis.max = 1; }
    if (unit === "seconds") {
      valueAxis = {
        type: "logarithmic",
        ticks: { callback: format(unit) },
        afterBuildTicks: function (axis) {
          axis.ticks = STEPS.filter(function (s) { return s >= axis.min && s <= axis.max; })
            .map(function (s) { return { value: s }; });
        }
      };
    }
    var labelAxis = { stacked: kind === "stacked", ticks: { autoSkip: true, maxRotation: 0 } };
    var horizontal = kind === "hbar";
    var chart = new Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: numbers.labels,
        datasets: numbers.series.map(function (s) {
          return {
            label: s.label, data: s.values, backgroundColor: s.colour, borderColor: s.colour,
            borderWidth: line ? 2 : 0, pointRadius: line ? 3 : 0, spanGaps: false, tension: 0
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var s = numbers.series[item.datasetIndex];
                var value = horizontal ? item.parsed.x : item.parsed.y;
                return s.label + ": " + (value === null ? "no data" : format(s.unit)(value));
              }
            }
          }
        }
      }
    });
    figure.setAttribute("data-drawn", String(chart.data.datasets.length));
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure[data-chart]"), draw);
})();
