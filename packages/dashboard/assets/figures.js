// The dashboard's figures, each an Observable Plot specification over plain rows (window.CnnFigures).
// Every mark carries a title (its values as text), which is also what the browser tests read.
(function () {
  'use strict';
  var F = window.CnnFormat;
  var LIMIT = '#d1242f';

  /** A dashed budget line with its label, horizontal (`y`) or vertical (`x`). */
  function limit(axis, value, label) {
    var rule = axis === 'y'
      ? Plot.ruleY([value], { stroke: LIMIT, strokeDasharray: '5,3', strokeWidth: 1.5, ariaDescription: 'limit ' + label })
      : Plot.ruleX([value], { stroke: LIMIT, strokeDasharray: '5,3', strokeWidth: 1.5, ariaDescription: 'limit ' + label });
    var text = axis === 'y'
      ? Plot.text([value], { y: function (d) { return d; }, text: function () { return label; }, frameAnchor: 'right', textAnchor: 'end', dy: -7, fill: LIMIT, fontWeight: 600, ariaDescription: 'limit label' })
      : Plot.text([value], { x: function (d) { return d; }, text: function () { return label; }, frameAnchor: 'top', textAnchor: 'start', dx: 4, dy: 4, fill: LIMIT, fontWeight: 600, ariaDescription: 'limit label' });
    return [rule, text];
  }

  /** Room below a band axis for rotated labels of this many characters. */
  function labelRoom(labels) {
    var longest = labels.reduce(function (m, l) { return Math.max(m, String(l).length); }, 0);
    return Math.min(220, 14 + longest * 6);
  }

  /**
   * A metric over a factor, one line per series (a factor's values, or the architecture where a row lacks it),
   * with an optional horizontal budget line. points: { x, y, series, name }.
   */
  function lines(o) {
    var pts = o.points.slice().sort(function (a, b) { return F.compareValues(a.series, b.series) || a.x - b.x; });
    var series = Array.from(new Set(pts.map(function (p) { return p.series; }))).sort(F.compareValues);
    // a series with two points at one x varies in another factor too: its points are shown, not joined
    var seen = {}, joined = {};
    series.forEach(function (s) { joined[s] = true; });
    pts.forEach(function (p) { var k = p.series + '\u0000' + p.x; if (seen[k]) joined[p.series] = false; seen[k] = true; });
    var marks = [Plot.ruleY([0], { stroke: '#d1d9e0' })];
    if (o.limit) marks = marks.concat(limit('y', o.limit.value, o.limit.label));
    marks.push(
      Plot.line(pts.filter(function (p) { return joined[p.series]; }), { x: 'x', y: 'y', z: 'series', stroke: 'series', strokeWidth: 1.8, ariaDescription: 'series' }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'series', symbol: o.symbol ? 'architecture' : undefined, r: 4, href: o.href, title: function (p) { return p.series + '\n' + p.name + '\n' + o.yLabel + ': ' + o.format(p.y); }, ariaDescription: 'points' }),
    );
    return Plot.plot({
      width: o.width || 640, height: o.height || 340, marginLeft: 60, marginRight: 20,
      x: { label: o.xLabel, grid: true },
      y: { label: o.yLabel, grid: true, tickFormat: o.yTickFormat || F.si, domain: o.yDomain, zero: true, nice: true },
      color: { legend: true, domain: series },
      symbol: o.symbol ? { legend: true } : undefined,
      marks: marks,
    });
  }

  /** Model size vs peak memory: colour and shape tell architectures apart; both budget lines. */
  function sizeVsPeak(o) {
    var archs = Array.from(new Set(o.rows.map(function (r) { return r.architecture; }))).sort();
    return Plot.plot({
      width: o.width || 640, height: o.height || 340, marginLeft: 60, marginRight: 20,
      x: { label: 'model size (int8 .tflite, bytes)', tickFormat: F.si, grid: true, zero: true },
      y: { label: 'peak memory (bytes)', tickFormat: F.si, grid: true, zero: true },
      color: { domain: archs },
      symbol: { legend: true, domain: archs }, // one legend: coloured symbols
      marks: limit('x', o.flashBytes, o.flashLabel).concat(limit('y', o.ramBytes, o.ramLabel)).concat([
        Plot.dot(o.rows, {
          x: 'modelSizeBytes', y: 'peakMemoryBytes', stroke: 'architecture', fill: 'architecture', fillOpacity: function (r) { return r.pass ? 0.9 : 0.15; },
          symbol: 'architecture', r: 5, href: o.href,
          title: function (r) { return r.name + '\nsize ' + F.kb(r.modelSizeBytes) + ', peak ' + F.kb(r.peakMemoryBytes) + (r.pass ? '\nwithin all constraints' : '\nover a constraint'); },
          ariaDescription: 'variations',
        }),
      ]),
    });
  }

  /** One bar per deployed layer (execution order), labelled by layer; rows: { label, value }. */
  function layerBars(o) {
    var rows = o.rows.filter(function (r) { return !F.missing(r.value); });
    var labels = o.rows.map(function (r) { return r.label; });
    return Plot.plot({
      width: Math.max(640, labels.length * 22 + 80), height: 180 + labelRoom(labels), marginLeft: 60, marginBottom: labelRoom(labels),
      x: { domain: labels, label: null, tickRotate: -60, padding: 0.15 },
      y: { label: o.unit, grid: true, tickFormat: F.si },
      marks: [
        Plot.barY(rows, { x: 'label', y: 'value', fill: '#1f6feb', title: function (r) { return r.label + ': ' + o.format(r.value); }, ariaDescription: 'bars' }),
        Plot.ruleY([0]),
      ],
    });
  }

  /**
   * The study's layer-wise comparison (Figures 5 and 6): grouped bars per deployed layer, one bar per variation.
   * rows: { layer, label (layer and its scaling factors), variation, value }; layers: labels in order.
   */
  function layerwise(o) {
    var rows = o.rows.filter(function (r) { return !F.missing(r.value); });
    var room = labelRoom(o.labels);
    return Plot.plot({
      width: Math.max(760, o.labels.length * (10 + 12 * o.variations.length) + 90), height: 220 + room, marginLeft: 64, marginBottom: room,
      fx: { domain: o.labels, label: null, padding: 0.12 },
      x: { domain: o.variations, axis: null, padding: 0.05 },
      y: { label: o.unit, grid: true, tickFormat: F.si },
      color: { legend: true, domain: o.variations },
      marks: [
        Plot.axisFx({ anchor: 'bottom', tickRotate: -60, label: null }),
        Plot.barY(rows, { fx: 'label', x: 'variation', y: 'value', fill: 'variation', title: function (r) { return r.variation + '\n' + r.layer + ': ' + o.format(r.value); }, ariaDescription: 'bars' }),
        Plot.ruleY([0]),
      ],
    });
  }

  /** Latency per board and runtime with its interval (± half-width) and the latency budget line. */
  function latencyByBoard(o) {
    var rows = o.fits.map(function (f) { return { board: f.device + ' (' + f.runtime + ')', ms: f.latencyMs, lo: f.latencyMs - (f.intervalMs || 0), hi: f.latencyMs + (f.intervalMs || 0), interval: f.intervalMs }; });
    var marks = [
      Plot.barX(rows, { y: 'board', x: 'ms', fill: '#1f6feb', title: function (r) { return r.board + ': ' + F.ms(r.ms) + (r.interval ? ' ± ' + r.interval.toFixed(2) : ''); }, ariaDescription: 'latency' }),
      Plot.ruleY(rows.filter(function (r) { return r.interval; }), { y: 'board', x1: 'lo', x2: 'hi', stroke: '#1f2328', strokeWidth: 2, ariaDescription: 'interval' }),
      Plot.ruleX([0]),
    ];
    if (o.budgetMs) marks = marks.concat(limit('x', o.budgetMs, o.budgetMs + ' ms budget'));
    return Plot.plot({
      width: 640, height: 60 + rows.length * 34, marginLeft: 230,
      x: { label: 'estimated latency (ms)', grid: true, domain: [0, Math.max(o.budgetMs || 0, d3.max(rows, function (r) { return r.hi; }) || 1) * 1.08] },
      y: { label: null },
      marks: marks,
    });
  }

  /** A whole broken into named parts, as one stacked horizontal bar with a legend; parts: { part, bytes }. */
  function breakdown(o) {
    var parts = o.parts.filter(function (p) { return p.bytes > 0; });
    return Plot.plot({
      width: 640, height: 90, marginLeft: 10, marginRight: 10,
      x: { label: o.label, tickFormat: F.si, grid: true },
      color: { legend: true, domain: parts.map(function (p) { return p.part; }), scheme: 'tableau10' },
      marks: [Plot.barX(parts, Plot.stackX({ x: 'bytes', fill: 'part', title: function (p) { return p.part + ': ' + F.bytes(p.bytes); }, ariaDescription: 'parts' }))],
    });
  }

  /** Bytes of the model file per layer, stacked by kind (weights, biases, quantization); rows: { layer, part, bytes }. */
  function layerBytes(o) {
    var labels = Array.from(new Set(o.rows.map(function (r) { return r.layer; })));
    return Plot.plot({
      width: Math.max(640, labels.length * 22 + 80), height: 180 + labelRoom(labels), marginLeft: 60, marginBottom: labelRoom(labels),
      x: { domain: labels, label: null, tickRotate: -60, padding: 0.15 },
      y: { label: 'bytes', grid: true, tickFormat: F.si },
      color: { legend: true, domain: ['weights', 'biases', 'quantization'] },
      marks: [Plot.barY(o.rows, { x: 'layer', y: 'bytes', fill: 'part', title: function (r) { return r.layer + ' ' + r.part + ': ' + F.bytes(r.bytes); }, ariaDescription: 'bytes' }), Plot.ruleY([0])],
    });
  }

  /** Training curves: accuracy and validation accuracy per epoch, one line per run. */
  function curves(o) {
    var pts = [], epochs = {};
    Object.keys(o.curves).forEach(function (id) {
      o.curves[id].forEach(function (c) {
        epochs[c.epoch] = true;
        pts.push({ epoch: c.epoch, value: c.accuracy, series: 'run ' + id + ' train' });
        if (!F.missing(c.valAccuracy)) pts.push({ epoch: c.epoch, value: c.valAccuracy, series: 'run ' + id + ' validation' });
      });
    });
    return Plot.plot({
      width: 640, height: 260, marginLeft: 50,
      x: { label: 'epoch', grid: true, ticks: Object.keys(epochs).length <= 20 ? Object.keys(epochs).map(Number) : undefined, tickFormat: 'd' },
      y: { label: 'accuracy', domain: [0, 1], grid: true, tickFormat: '.0%' },
      color: { legend: true },
      marks: limit('y', 0.8, '80 %').concat([
        Plot.line(pts, { x: 'epoch', y: 'value', stroke: 'series', ariaDescription: 'curves' }),
        Plot.dot(pts, { x: 'epoch', y: 'value', fill: 'series', r: 2.5, title: function (p) { return p.series + ' epoch ' + p.epoch + ': ' + F.pct(p.value); }, ariaDescription: 'epochs' }),
      ]),
    });
  }

  /** Host benchmark profile: time per TFLite operator kind, summed over the nodes. */
  function hostOps(o) {
    return Plot.plot({
      width: 640, height: 60 + new Set(o.ops.map(function (p) { return p.op; })).size * 24, marginLeft: 200,
      x: { label: 'time per run (ms)', grid: true },
      y: { label: null },
      marks: [Plot.barX(o.ops, Plot.groupY({ x: 'sum', title: function (g) { return g[0].op + ': ' + F.ms(d3.sum(g, function (p) { return p.avgMs; }), 3); } }, { y: 'op', x: 'avgMs', fill: '#8250df', sort: { y: '-x' }, ariaDescription: 'ops' })), Plot.ruleX([0])],
    });
  }

  /** A search's trail as a timeline: α of each step, coloured by the step's action, failing steps hollow. */
  function trail(o) {
    var steps = o.trail.map(function (t, i) { return Object.assign({ seq: i + 1, pass: t.failed.length === 0 }, t); });
    return Plot.plot({
      width: 900, height: 300, marginLeft: 50,
      x: { label: 'step of the search', grid: true },
      y: { label: 'α', grid: true },
      color: { legend: true },
      marks: [
        Plot.line(steps, { x: 'seq', y: 'alpha', stroke: '#d1d9e0' }),
        Plot.dot(steps, {
          x: 'seq', y: 'alpha', stroke: 'action', fill: 'action', fillOpacity: function (t) { return t.pass ? 1 : 0; }, r: 5, strokeWidth: 2, href: o.href,
          title: function (t) { return t.seq + '. ' + t.action + ' ' + t.name + '\n' + t.note; }, ariaDescription: 'steps',
        }),
      ],
    });
  }

  /**
   * Every evaluated variation of a search and the Pareto front: by default size vs arena with the constraint lines;
   * with `x: 'alpha', y: 'params'`, the objectives the front trades (largest α, most params).
   */
  function pareto(o) {
    var x = o.x || 'modelSizeBytes', y = o.y || 'arenaBytes';
    var LABELS = { modelSizeBytes: 'model size (bytes)', arenaBytes: 'TFLM arena (bytes)', alpha: 'α', params: 'params' };
    var marks = [];
    if (x === 'modelSizeBytes' && o.flashBytes) marks = marks.concat(limit('x', o.flashBytes, F.kb(o.flashBytes) + ' flash'));
    if (y === 'arenaBytes' && o.ramBytes) marks = marks.concat(limit('y', o.ramBytes, F.kb(o.ramBytes) + ' RAM'));
    marks.push(
      Plot.dot(o.all, { x: x, y: y, r: 3, fill: '#8c959f', fillOpacity: 0.5, href: o.href, title: function (e) { return e.name; }, ariaDescription: 'evaluated' }),
      Plot.dot(o.front, { x: x, y: y, r: 6, stroke: '#1a7f37', strokeWidth: 2, fill: '#1a7f37', fillOpacity: 0.3, href: o.href, title: function (e) { return 'Pareto: ' + e.name + '\nα ' + e.alpha + ', ' + F.int(e.params) + ' params'; }, ariaDescription: 'pareto' }),
    );
    return Plot.plot({
      width: 620, height: 360, marginLeft: 60,
      x: { label: LABELS[x], tickFormat: x === 'alpha' ? undefined : F.si, grid: true, zero: x !== 'alpha' },
      y: { label: LABELS[y], tickFormat: F.si, grid: true, zero: true },
      marks: marks,
    });
  }

  window.CnnFigures = { lines: lines, sizeVsPeak: sizeVsPeak, layerBars: layerBars, layerwise: layerwise, latencyByBoard: latencyByBoard, breakdown: breakdown, layerBytes: layerBytes, curves: curves, hostOps: hostOps, trail: trail, pareto: pareto };
})();
