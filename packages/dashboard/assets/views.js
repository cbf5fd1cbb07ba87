// Views of the CNN Analyzer dashboard: the scorecard of one variation and the comparison of many.
// Plain browser script; needs window.CnnCharts; defines window.CnnViews. All text goes in via textContent.
(function () {
  'use strict';
  var C = window.CnnCharts;

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, String(attrs[k]));
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  var int = function (v) { return v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US'); };
  var kb = function (v) { return v === null || v === undefined ? '–' : (v / 1024).toFixed(1) + ' KB'; };
  var bytes = function (v) { return v === null || v === undefined ? '–' : int(v) + ' B (' + kb(v) + ')'; };

  /** The budget checks the server computed for a row (flash, RAM, MACs), labelled for display. */
  var CHECK_KEYS = { 'flash budget': 'flash', 'RAM budget': 'ram', 'MAC budget': 'macs' };
  function checks(row, c) {
    var label = { flash: 'Model size ≤ ' + c.flashKB + ' KB', ram: 'Peak memory ≤ ' + c.ramKB + ' KB', macs: 'MACs ≤ ' + c.macsM + ' M' };
    return (row.checks || []).map(function (k) {
      var key = CHECK_KEYS[k.check];
      return { key: key, label: label[key], used: k.used, limit: k.limit, pass: k.pass };
    });
  }

  function mark(pass, key) {
    return h('span', { class: 'check ' + (pass ? 'pass' : 'fail'), 'data-check': key, title: pass ? 'within the limit' : 'over the limit', text: pass ? '✓' : '✗' });
  }

  function table(headers, rows, attrs) {
    return h('table', attrs || {}, [
      h('thead', {}, [h('tr', {}, headers.map(function (x) { return h('th', { text: x }); }))]),
      h('tbody', {}, rows),
    ]);
  }


  /** The scorecard of one variation: metrics with checks, layer-wise bar charts, the layer table. */
  function scorecard(detail, c, nav) {
    var row = detail.row;
    var layers = detail.layers;
    var cs = checks(row, c);
    var byKey = {};
    cs.forEach(function (k) { byKey[k.key] = k; });
    var metric = function (label, value, key) {
      return h('tr', { 'data-metric': label }, [h('th', { text: label }), h('td', { class: 'num', text: value }), h('td', {}, [key ? mark(byKey[key].pass, key) : null])]);
    };
    var metrics = table(['Metric', 'Value', ''], [
      metric('Params', int(row.params)),
      metric('MACs', int(row.macs), 'macs'),
      metric('FLOPs', int(row.flops)),
      metric('Model size (int8 .tflite)', bytes(row.modelSizeBytes), 'flash'),
      metric('Bytes per param', row.bytesPerParam === null ? '–' : row.bytesPerParam.toFixed(3)),
      metric('Peak memory', bytes(row.peakMemoryBytes), 'ram'),
      metric('TFLM arena', bytes(row.arenaBytes)),
    ].concat((detail.deviceFits || []).map(function (f) {
      return h('tr', { 'data-metric': 'latency ' + f.device }, [h('th', { text: 'Latency on ' + f.device + ' (' + f.runtime + ', estimated)' }), h('td', { class: 'num', text: f.latencyMs.toFixed(2) + ' ms' }), h('td', {}, [mark(f.fits, 'fit-' + f.device)])]);
    })), { class: 'metrics' });

    var passed = cs.filter(function (k) { return k.pass; }).length;
    var verdict = h('p', { class: 'verdict ' + (passed === cs.length ? 'pass' : 'fail'), text: passed + ' of ' + cs.length + ' constraints met' + (passed === cs.length ? '' : ': ' + cs.filter(function (k) { return !k.pass; }).map(function (k) { return k.label; }).join(', ') + ' broken') });

    var names = layers.map(function (l) { return l.name; });
    var pick = function (f) { return layers.map(f); };
    var charts = [
      { key: 'input-height', title: 'Input height per layer', unit: 'px', values: pick(function (l) { var s = l.inputShape; return s.length === 3 ? s[0] : null; }) },
      { key: 'output-channels', title: 'Output channels per layer', unit: 'channels', values: pick(function (l) { return l.outputChannels; }) },
      { key: 'params', title: 'Params per layer', unit: 'params', values: pick(function (l) { return l.params; }) },
      { key: 'macs', title: 'MACs per layer', unit: 'MACs', values: pick(function (l) { return l.macs; }) },
      { key: 'ram', title: 'RAM per layer (working set while it runs; fused layers have none)', unit: 'bytes', values: pick(function (l) { return l.ramBytes; }) },
      { key: 'latency', title: 'Latency per layer (estimated)', unit: 'ms', values: pick(function (l) { return l.latencyMs; }) },
    ];
    var chartNodes = charts.map(function (ch) {
      if (ch.values.every(function (v) { return v === null || v === undefined; })) {
        return h('p', { class: 'note', 'data-chart-missing': ch.key, text: ch.title + ': not recorded' + (ch.key === 'latency' ? ' (analyze or sweep with --device <board>)' : '') });
      }
      return C.barChart({ key: ch.key, title: ch.title, unit: ch.unit, values: ch.values, labels: names });
    });

    var layerRows = layers.map(function (l, i) {
      return h('tr', { 'data-layer': l.name }, [
        h('td', { class: 'num', text: String(i) }), h('td', { text: l.name }), h('td', { text: l.op }),
        h('td', { text: l.inputShape.join('×') }), h('td', { text: l.outputShape.join('×') }),
        h('td', { class: 'num', text: int(l.params) }), h('td', { class: 'num', text: int(l.macs) }),
        h('td', { class: 'num', text: l.ramBytes === null ? '' : int(l.ramBytes) }),
        h('td', { class: 'num', text: l.latencyMs === null ? '' : l.latencyMs.toFixed(3) }),
      ]);
    });

    var runs = detail.trainingRuns || [];
    var pct = function (v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %'; };
    var training = runs.length === 0
      ? h('p', { class: 'note', 'data-training': 'none', text: 'No training run recorded (cnn-analyzer log-training <name> --int8-accuracy …).' })
      : table(['Run', 'Started', 'Epochs', 'Float accuracy', 'int8 accuracy', 'Notes'], runs.map(function (t) {
        return h('tr', { 'data-run': t.id }, [h('td', { class: 'num', text: String(t.id) }), h('td', { text: String(t.startedAt).slice(0, 19).replace('T', ' ') }), h('td', { class: 'num', text: t.epochs === null ? '–' : String(t.epochs) }), h('td', { class: 'num', text: pct(t.floatAccuracy) }), h('td', { class: 'num', text: pct(t.int8Accuracy) }), h('td', { text: t.notes || '' })]);
      }), { class: 'training' });

    var factors = Object.keys(row.factors).map(function (k) { return k + ' = ' + JSON.stringify(row.factors[k]); }).join(', ');
    return h('section', { class: 'scorecard', 'data-view': 'scorecard', 'data-name': row.name }, [
      nav ? h('p', {}, [h('a', { href: nav.back, class: 'back', text: '← comparison' })]) : null,
      h('h2', { text: row.name }),
      h('p', { class: 'sub', text: row.architecture + (factors ? ' — ' + factors : '') }),
      verdict,
      metrics,
      h('h3', { text: 'Training' }),
      training,
      h('h3', { text: 'Layer-wise' }),
      h('div', { class: 'charts' }, chartNodes),
      h('h3', { text: 'Layers (' + layers.length + ')' }),
      table(['#', 'Layer', 'Op', 'Input', 'Output', 'Params', 'MACs', 'RAM B', 'Latency ms'], layerRows, { class: 'layers' }),
    ]);
  }

  var METRICS = { modelSizeBytes: 'Model size (bytes)', peakMemoryBytes: 'Peak memory (bytes)', params: 'Params', macs: 'MACs', flops: 'FLOPs' };

  /** Factors that vary among the rows and are numbers: candidates for plot axes and series. */
  function numericFactors(rows) {
    var seen = {};
    rows.forEach(function (r) { Object.keys(r.factors).forEach(function (k) { if (typeof r.factors[k] === 'number') (seen[k] = seen[k] || {})[r.factors[k]] = true; }); });
    return Object.keys(seen).filter(function (k) { return Object.keys(seen[k]).length > 1; });
  }

  function limitFor(metric, c) {
    if (metric === 'modelSizeBytes') return { y: c.flashKB * 1024, label: c.flashKB + ' KB flash' };
    if (metric === 'peakMemoryBytes') return { y: c.ramKB * 1024, label: c.ramKB + ' KB RAM' };
    if (metric === 'macs') return { y: c.macsM * 1e6, label: c.macsM + ' M MACs' };
    return undefined;
  }

  /**
   * The comparison view: filters, metric-vs-factor lines with the limit drawn, size vs peak memory with both
   * limits, the best variation per architecture, and every variation with its checks.
   */
  function comparison(rows, archs, state, go, devices) {
    devices = devices || [];
    var c = state.c;
    var select = function (name, options, value) {
      return h('select', { name: name, 'data-control': name }, options.map(function (o) { var opt = h('option', { value: o[0], text: o[1] }); if (o[0] === value) opt.selected = true; return opt; }));
    };
    var input = function (name, value, label) { return h('label', {}, [label + ' ', h('input', { name: name, type: 'number', min: '0', step: 'any', value: value, 'data-control': name })]); };
    var form = h('form', { class: 'filters', onsubmit: function (e) {
      e.preventDefault();
      var f = e.target;
      go(Object.assign({}, state, { arch: f.arch.value, device: f.device.value, only: f.only.checked, c: { flashKB: Number(f.flash.value), ramKB: Number(f.ram.value), macsM: Number(f.macs.value) } }));
    } }, [
      h('label', {}, ['Architecture ', select('arch', [['', 'all']].concat(archs.map(function (a) { return [a.architecture, a.architecture + ' (' + a.count + ')']; })), state.arch)]),
      h('label', {}, ['Board ', select('device', [['', 'none (no latency)']].concat(devices.map(function (d) { return [d, d]; })), state.device)]),
      input('flash', c.flashKB, 'Max flash KB'), input('ram', c.ramKB, 'Max RAM KB'), input('macs', c.macsM, 'Max MACs M'),
      h('label', {}, [(function () { var b = h('input', { type: 'checkbox', name: 'only', 'data-control': 'only' }); b.checked = state.only; return b; })(), ' only within all constraints']),
      h('button', { type: 'submit', text: 'Apply' }),
    ]);

    var passOf = function (r) { return checks(r, c).every(function (k) { return k.pass; }); };
    var open = function (name) { go(Object.assign({}, state, { view: 'variation', name: name })); };

    var factorKeys = numericFactors(rows);
    var x = factorKeys.indexOf(state.x) >= 0 ? state.x : (factorKeys.indexOf('alpha') >= 0 ? 'alpha' : factorKeys[0]);
    var seriesKeys = factorKeys.filter(function (k) { return k !== x; });
    var series = state.series === '' ? '' : (seriesKeys.indexOf(state.series) >= 0 ? state.series : (seriesKeys.indexOf('loopLength') >= 0 ? 'loopLength' : (seriesKeys[0] || '')));
    var metrics = Object.assign({}, METRICS, state.device ? { latencyMs: 'Latency on ' + state.device + ' (ms)' } : {});
    var y = metrics[state.y] ? state.y : 'modelSizeBytes';
    var lineControls = h('div', { class: 'controls' }, [
      h('label', {}, ['y ', select('y', Object.keys(metrics).map(function (k) { return [k, metrics[k]]; }), y)]),
      h('label', {}, ['over ', select('x', factorKeys.map(function (k) { return [k, k]; }), x)]),
      h('label', {}, ['one line per ', select('series', [['', '(architecture)']].concat(seriesKeys.map(function (k) { return [k, k]; })), series)]),
    ]);
    lineControls.addEventListener('change', function (e) {
      var s = Object.assign({}, state);
      s[e.target.name] = e.target.value;
      go(s);
    });
    var lines;
    if (!x) lines = h('p', { class: 'note', text: 'No numeric factor varies among these variations: sweep one (e.g. --alpha 0.1..0.5:0.05) to plot it.' });
    else {
      var groups = {};
      rows.filter(function (r) { return typeof r.factors[x] === 'number' && r[y] !== null; }).forEach(function (r) {
        var label = series ? series + ' = ' + r.factors[series] : r.architecture;
        (groups[label] = groups[label] || []).push({ x: r.factors[x], y: r[y], name: r.name });
      });
      var hl = limitFor(y, c);
      lines = C.lineChart({ key: 'metric-vs-factor', title: metrics[y] + ' over ' + x, xLabel: x, yLabel: metrics[y], series: Object.keys(groups).sort().map(function (k) { return { label: k, points: groups[k] }; }), hLine: hl, onClick: open });
    }

    var measured = rows.filter(function (r) { return r.modelSizeBytes !== null && r.peakMemoryBytes !== null; });
    var scatter = C.scatter({
      key: 'size-vs-peak', title: 'Model size vs peak memory', xLabel: 'model size (bytes)', yLabel: 'peak memory (bytes)',
      points: measured.map(function (r) { return { x: r.modelSizeBytes, y: r.peakMemoryBytes, name: r.name, pass: passOf(r) }; }),
      vLine: { value: c.flashKB * 1024, label: c.flashKB + ' KB flash' }, hLine: { value: c.ramKB * 1024, label: c.ramKB + ' KB RAM' }, onClick: open,
    });

    // best: highest int8 accuracy where an architecture has trained variations within the budgets, else most params
    var best = {};
    var better = function (r, b) {
      var ra = r.int8Accuracy === null || r.int8Accuracy === undefined ? -1 : r.int8Accuracy;
      var ba = b.int8Accuracy === null || b.int8Accuracy === undefined ? -1 : b.int8Accuracy;
      if (ra !== ba) return ra > ba;
      return r.params > b.params || (r.params === b.params && r.name < b.name);
    };
    rows.filter(passOf).forEach(function (r) {
      var b = best[r.architecture];
      if (!b || better(r, b)) best[r.architecture] = r;
    });
    var link = function (name) { return h('a', { href: '#/variation/' + encodeURIComponent(name) + hashQuery(state), 'data-name': name, text: name }); };
    var accuracy = function (v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %'; };
    var bestTable = table(['Architecture', 'Best variation within all constraints (highest int8 accuracy, else most params)', 'int8 accuracy', 'Params', 'Size', 'Peak memory', 'MACs'],
      Object.keys(best).sort().map(function (a) { var r = best[a]; return h('tr', { 'data-architecture': a }, [h('td', { text: a }), h('td', {}, [link(r.name)]), h('td', { class: 'num', text: accuracy(r.int8Accuracy) }), h('td', { class: 'num', text: int(r.params) }), h('td', { class: 'num', text: kb(r.modelSizeBytes) }), h('td', { class: 'num', text: kb(r.peakMemoryBytes) }), h('td', { class: 'num', text: int(r.macs) })]); }),
      { class: 'best' });

    var withLatency = Boolean(state.device);
    var all = table(['Variation', 'Architecture', 'Params', 'MACs', 'Size', 'Peak memory'].concat(withLatency ? ['Latency ms'] : []).concat(['Flash', 'RAM', 'MACs', 'Fails']),
      rows.map(function (r) {
        var cs = checks(r, c);
        return h('tr', { 'data-name': r.name, class: passOf(r) ? 'pass' : 'fail' }, [
          h('td', {}, [link(r.name)]), h('td', { text: r.architecture }), h('td', { class: 'num', text: int(r.params) }), h('td', { class: 'num', text: int(r.macs) }),
          h('td', { class: 'num', text: kb(r.modelSizeBytes) }), h('td', { class: 'num', text: kb(r.peakMemoryBytes) }),
        ].concat(withLatency ? [h('td', { class: 'num', 'data-latency': r.latencyMs, text: r.latencyMs === null ? '–' : r.latencyMs.toFixed(2) })] : []).concat(cs.map(function (k) { return h('td', {}, [mark(k.pass, k.key)]); })).concat([h('td', { class: 'num', text: String(cs.filter(function (k) { return !k.pass; }).length) })]));
      }), { class: 'variations' });

    return h('section', { class: 'comparison', 'data-view': 'comparison' }, [
      form,
      h('p', { class: 'sub', 'data-count': rows.length, text: rows.length + ' variation' + (rows.length === 1 ? '' : 's') + ', ' + rows.filter(passOf).length + ' within all constraints' }),
      h('div', { class: 'plots' }, [h('div', {}, [lineControls, lines]), h('div', {}, [scatter])]),
      h('h3', { text: 'Best per architecture' }), bestTable,
      h('h3', { text: 'All variations' }), all,
    ]);
  }

  /** The state's query part of a hash (`?arch=…&flash=…`). */
  function hashQuery(state) {
    var q = new URLSearchParams();
    if (state.arch) q.set('arch', state.arch);
    if (state.device) q.set('device', state.device);
    q.set('flash', state.c.flashKB); q.set('ram', state.c.ramKB); q.set('macs', state.c.macsM);
    if (state.only) q.set('only', '1');
    if (state.x) q.set('x', state.x);
    if (state.y) q.set('y', state.y);
    if (state.series !== undefined && state.series !== null) q.set('series', state.series);
    return '?' + q.toString();
  }

  window.CnnViews = { scorecard: scorecard, comparison: comparison, checks: checks, hashQuery: hashQuery };
})();
