// SVG charts for the CNN Analyzer dashboard: layer bar charts, metric-vs-factor lines, scatter plots.
// Plain browser script (no build step, no dependencies); defines window.CnnCharts.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0969da', '#57606a'];

  function el(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + 'G';
    if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(0) + 'k';
    if (a >= 1e3) return (v / 1e3).toFixed(1) + 'k';
    if (a >= 10 || v === Math.round(v)) return String(Math.round(v * 10) / 10);
    return String(Math.round(v * 1000) / 1000);
  }

  /** About `count` round tick values covering [lo, hi]. */
  function ticks(lo, hi, count) {
    if (!(hi > lo)) { hi = lo + 1; }
    var raw = (hi - lo) / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return s >= raw; }) || 10 * mag;
    var out = [];
    var last = Math.ceil(hi / step - 1e-9) * step; // the top tick covers hi, so nothing is drawn off the chart
    for (var t = Math.ceil(lo / step) * step; t <= last + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
    return out;
  }

  function frame(o, width, height) {
    var svg = el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', class: 'chart', 'aria-label': o.title });
    svg.appendChild(el('title', {}, o.title));
    svg.appendChild(el('text', { x: 8, y: 16, class: 'chart-title' }, o.title));
    return svg;
  }

  function axes(svg, box, x, y, xTicks, yTicks, xLabel, yLabel, xFormat) {
    var g = el('g', { class: 'axes' });
    g.appendChild(el('line', { x1: box.left, y1: box.bottom, x2: box.right, y2: box.bottom, class: 'axis' }));
    g.appendChild(el('line', { x1: box.left, y1: box.top, x2: box.left, y2: box.bottom, class: 'axis' }));
    yTicks.forEach(function (t) {
      g.appendChild(el('line', { x1: box.left, y1: y(t), x2: box.right, y2: y(t), class: 'grid' }));
      g.appendChild(el('text', { x: box.left - 4, y: y(t) + 3, class: 'tick', 'text-anchor': 'end' }, fmt(t)));
    });
    (xTicks || []).forEach(function (t) {
      g.appendChild(el('text', { x: x(t), y: box.bottom + 13, class: 'tick', 'text-anchor': 'middle' }, (xFormat || fmt)(t)));
    });
    if (xLabel) g.appendChild(el('text', { x: (box.left + box.right) / 2, y: box.bottom + 28, class: 'axis-label', 'text-anchor': 'middle' }, xLabel));
    if (yLabel) g.appendChild(el('text', { x: 10, y: (box.top + box.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: 'rotate(-90 10 ' + (box.top + box.bottom) / 2 + ')' }, yLabel));
    svg.appendChild(g);
  }

  function limitLine(svg, box, orientation, pos, label, cls) {
    var attrs = orientation === 'h' ? { x1: box.left, y1: pos, x2: box.right, y2: pos } : { x1: pos, y1: box.top, x2: pos, y2: box.bottom };
    attrs.class = 'limit ' + (cls || '');
    attrs['data-limit'] = label;
    svg.appendChild(el('line', attrs));
    var t = orientation === 'h' ? el('text', { x: box.right - 2, y: pos - 3, class: 'limit-label', 'text-anchor': 'end' }, label) : el('text', { x: pos + 3, y: box.top + 10, class: 'limit-label' }, label);
    svg.appendChild(t);
  }

  /**
   * One bar per layer. values: numbers or null (no value: no bar); labels: layer names.
   * Bars carry data-index, data-layer and data-value; hovering shows the layer and value.
   */
  function barChart(o) {
    var width = o.width || 900, height = o.height || 180;
    var svg = frame(o, width, height);
    svg.setAttribute('data-chart', o.key || o.title);
    var box = { left: 52, right: width - 8, top: 26, bottom: height - 30 };
    var max = Math.max.apply(null, o.values.filter(function (v) { return v !== null && v !== undefined; }).concat([0]));
    var yTicks = ticks(0, max || 1, 4);
    var top = yTicks[yTicks.length - 1] || 1;
    var y = function (v) { return box.bottom - (v / top) * (box.bottom - box.top); };
    var n = o.values.length, slot = (box.right - box.left) / Math.max(1, n);
    axes(svg, box, null, y, [], yTicks, o.xLabel || 'layer (execution order)', o.unit);
    var g = el('g', { class: 'bars' });
    o.values.forEach(function (v, i) {
      if (v === null || v === undefined) return;
      var rect = el('rect', { x: box.left + i * slot + slot * 0.1, y: y(v), width: Math.max(0.5, slot * 0.8), height: Math.max(0, box.bottom - y(v)), class: 'bar', 'data-index': i, 'data-layer': o.labels[i], 'data-value': v });
      rect.appendChild(el('title', {}, o.labels[i] + ': ' + (o.format ? o.format(v) : fmt(v)) + (o.unit ? ' ' + o.unit : '')));
      g.appendChild(rect);
    });
    svg.appendChild(g);
    return svg;
  }

  function scales(points, box, xs, ys) {
    var xv = points.map(function (p) { return p.x; }).concat(xs || []);
    var yv = points.map(function (p) { return p.y; }).concat(ys || []).concat([0]);
    var xLo = Math.min.apply(null, xv), xHi = Math.max.apply(null, xv);
    if (xLo === xHi) { xLo -= 1; xHi += 1; }
    var xTicks = ticks(xLo, xHi, 6), yTicks = ticks(0, Math.max.apply(null, yv) * 1.05 || 1, 5);
    var x0 = Math.min(xLo, xTicks[0]), x1 = Math.max(xHi, xTicks[xTicks.length - 1]);
    var y1 = yTicks[yTicks.length - 1] || 1;
    return {
      x: function (v) { return box.left + ((v - x0) / (x1 - x0)) * (box.right - box.left); },
      y: function (v) { return box.bottom - (v / y1) * (box.bottom - box.top); },
      xTicks: xTicks, yTicks: yTicks,
    };
  }

  /** Lines of y over x, one per series; optional horizontal limit { y, label }. */
  function lineChart(o) {
    var width = o.width || 620, height = o.height || 320;
    var svg = frame(o, width, height);
    svg.setAttribute('data-chart', o.key || 'lines');
    var box = { left: 60, right: width - 120, top: 26, bottom: height - 36 };
    var all = [].concat.apply([], o.series.map(function (s) { return s.points; }));
    var s = scales(all, box, [], o.hLine ? [o.hLine.y] : []);
    axes(svg, box, s.x, s.y, s.xTicks, s.yTicks, o.xLabel, o.yLabel);
    if (o.hLine) limitLine(svg, box, 'h', s.y(o.hLine.y), o.hLine.label);
    o.series.forEach(function (series, k) {
      var color = PALETTE[k % PALETTE.length];
      var pts = series.points.slice().sort(function (a, b) { return a.x - b.x; });
      var g = el('g', { class: 'series', 'data-series': series.label });
      g.appendChild(el('polyline', { points: pts.map(function (p) { return s.x(p.x) + ',' + s.y(p.y); }).join(' '), stroke: color, fill: 'none', class: 'line' }));
      pts.forEach(function (p) {
        var c = el('circle', { cx: s.x(p.x), cy: s.y(p.y), r: 3.5, fill: color, class: 'point', 'data-name': p.name });
        c.appendChild(el('title', {}, p.name + ': ' + fmt(p.y)));
        if (o.onClick) c.addEventListener('click', function () { o.onClick(p.name); });
        g.appendChild(c);
      });
      svg.appendChild(g);
      var ly = box.top + 14 * k + 4;
      svg.appendChild(el('rect', { x: box.right + 12, y: ly, width: 10, height: 10, fill: color }));
      svg.appendChild(el('text', { x: box.right + 26, y: ly + 9, class: 'legend' }, series.label));
    });
    return svg;
  }

  /** Points { x, y, name, pass }; vertical limit vLine and horizontal limit hLine ({ value, label }). */
  function scatter(o) {
    var width = o.width || 620, height = o.height || 320;
    var svg = frame(o, width, height);
    svg.setAttribute('data-chart', o.key || 'scatter');
    var box = { left: 60, right: width - 16, top: 26, bottom: height - 36 };
    var s = scales(o.points, box, o.vLine ? [o.vLine.value] : [], o.hLine ? [o.hLine.value] : []);
    axes(svg, box, s.x, s.y, s.xTicks, s.yTicks, o.xLabel, o.yLabel);
    if (o.vLine) limitLine(svg, box, 'v', s.x(o.vLine.value), o.vLine.label);
    if (o.hLine) limitLine(svg, box, 'h', s.y(o.hLine.value), o.hLine.label);
    var g = el('g', { class: 'points' });
    o.points.forEach(function (p) {
      var c = el('circle', { cx: s.x(p.x), cy: s.y(p.y), r: 4.5, class: 'point ' + (p.pass ? 'pass' : 'fail'), 'data-name': p.name });
      c.appendChild(el('title', {}, p.name + ' — ' + fmt(p.x) + ', ' + fmt(p.y)));
      if (o.onClick) c.addEventListener('click', function () { o.onClick(p.name); });
      g.appendChild(c);
    });
    svg.appendChild(g);
    return svg;
  }

  window.CnnCharts = { barChart: barChart, lineChart: lineChart, scatter: scatter, ticks: ticks, format: fmt };
})();
