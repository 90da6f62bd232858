// The monthly execution chart of a budget project: spending per month (bars), the cumulative
// execution rate and the time-elapsed line 序时进度 (month ÷ 12 × 100), both in percent.
(function () {
  "use strict";
  var box = document.getElementById("execution-chart");
  var source = document.getElementById("execution-data");
  if (!box || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 60, right: 50, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: [
      { type: "value", name: data.yuan },
      { type: "value", name: "%", min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } }
    ],
    series: [
      { name: box.dataset.spent, type: "bar", data: data.spent, itemStyle: { color: "#5b8ff9" } },
      { name: box.dataset.rate, type: "line", yAxisIndex: 1, data: data.rate, smooth: false, itemStyle: { color: "#e8684a" } },
      { name: box.dataset.schedule, type: "line", yAxisIndex: 1, data: data.schedule,
        lineStyle: { type: "dashed" }, itemStyle: { color: "#9a9a9a" }, symbol: "none" }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
