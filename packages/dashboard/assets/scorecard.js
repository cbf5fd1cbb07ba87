// The scorecard of one variation (window.CnnScorecard): metrics with checks and accuracy, latency per board with its
// interval and budget, model-size and arena breakdowns, training curves, host benchmarks, and the layer-wise charts
// and table on the deployed layers (BatchNorm and activations fused into their operator's row).
(function () {
  'use strict';
  var html = htmPreact.html;
  var F = window.CnnFormat, G = window.CnnFigures, U = window.CnnUi;

  var SIZE_PARTS = [['weights', 'weights'], ['biases', 'biases'], ['otherConstants', 'other constants'], ['quantization', 'quantization parameters'], ['namesAndMetadata', 'names and metadata'], ['tables', 'operator and tensor tables'], ['padding', 'padding']];
  var TAIL_PARTS = [['fixed', 'allocator objects'], ['evalTensors', 'eval tensors'], ['persistentTfliteTensors', 'persistent TfLiteTensors'], ['persistentQuantization', 'persistent quantization'], ['persistentBuffers', 'kernels\' persistent buffers'], ['variableBuffers', 'variable buffers'], ['nodeAndRegistration', 'node and registration'], ['builtinData', 'builtin data']];

  /** The board whose latency and deployment the scorecard shows: the asked one if analyzed on it, else the first. */
  function boardOf(detail, asked) {
    var boards = detail.deviceFits.map(function (f) { return f.device; });
    if (asked && boards.indexOf(asked) >= 0) return asked;
    return boards[0] || '';
  }
  function extrasOf(detail, device) {
    return detail.extras.find(function (e) { return e.device === device; });
  }
  /** The latency interval half-width recorded for a fit, ms (undefined for records made before intervals). */
  function intervalOf(detail, fit) {
    var e = extrasOf(detail, fit.device);
    return e && e.latency && e.latency.runtime === fit.runtime ? e.latency.intervalMs : undefined;
  }

  function Metrics(p) {
    var row = p.detail.row, byCheck = {};
    row.checks.forEach(function (k) { byCheck[k.check] = k; });
    var mark = function (check, key) { return byCheck[check] ? html`<${U.Mark} pass=${byCheck[check].pass} check=${key} />` : null; };
    var runs = p.detail.trainingRuns;
    var bestFloat = d3.max(runs, function (r) { return r.floatAccuracy; });
    var line = function (label, value, check) { return html`<tr data-metric=${label}><th>${label}</th><td class="num">${value}</td><td>${check || null}</td></tr>`; };
    var fits = p.detail.deviceFits.filter(function (f) { return f.device === p.board; });
    return html`<table class="metrics"><thead><tr><th>Metric</th><th class="num">Value</th><th></th></tr></thead><tbody>
      ${line('Params', F.int(row.params))}
      ${line('MACs', F.int(row.macs), mark('MAC budget', 'macs'))}
      ${line('FLOPs', F.int(row.flops))}
      ${line('Model size (int8 .tflite)', F.bytes(row.modelSizeBytes), mark('flash budget', 'flash'))}
      ${line('Bytes per param', F.num(row.bytesPerParam, 3))}
      ${line('Peak memory', F.bytes(row.peakMemoryBytes), mark('RAM budget', 'ram'))}
      ${line('TFLM arena', F.bytes(row.arenaBytes))}
      ${line('int8 accuracy', F.pct(row.int8Accuracy))}
      ${line('Float accuracy', F.pct(bestFloat))}
      ${fits.map(function (f) {
        var iv = intervalOf(p.detail, f);
        var over = p.budgetMs ? f.latencyMs > p.budgetMs : false;
        return html`<tr data-metric=${'latency ' + f.device}><th>Latency on ${f.device} (${f.runtime}, estimated)</th>
          <td class="num" data-latency=${f.latencyMs} data-interval=${iv}>${F.ms(f.latencyMs)}${iv !== undefined ? ' ± ' + iv.toFixed(2) : ''}</td>
          <td>${p.budgetMs ? html`<${U.Mark} pass=${!over} check="latency" />` : html`<${U.Mark} pass=${f.fits} check=${'fit-' + f.device} />`}</td></tr>`;
      })}
    </tbody></table>`;
  }

  function LayerCharts(p) {
    var L = p.layers;
    var charts = [
      ['input-height', 'Input height per layer', 'px', function (l) { return l.inputHeight; }, F.int],
      ['output-channels', 'Output channels per layer', 'channels', function (l) { return l.outputChannels; }, F.int],
      ['params', 'Params per layer (BatchNorm included)', 'params', function (l) { return l.params; }, F.int],
      ['macs', 'MACs per layer', 'MACs', function (l) { return l.macs; }, F.int],
      ['ram', 'RAM per layer (working set while it runs)', 'bytes', function (l) { return l.ramBytes; }, F.bytes],
      ['latency', 'Latency per layer on ' + (p.board || 'a board') + ' (estimated)', 'ms', function (l) { return l.latencyMs; }, function (v) { return F.ms(v, 3); }],
    ];
    return html`<div class="charts">${charts.map(function (c) {
      var rows = L.map(function (l) { return { label: l.name, value: c[3](l) }; });
      if (rows.every(function (r) { return F.missing(r.value); })) {
        return html`<p class="note" data-chart-missing=${c[0]}>${c[1]}: not recorded${c[0] === 'latency' ? ' (analyze or sweep with --device <board>)' : ''}</p>`;
      }
      return html`<${U.Figure} chart=${c[0]} title=${c[1]} build=${function () { return G.layerBars({ rows: rows, unit: c[2], format: c[4] }); }} />`;
    })}</div>`;
  }

  function LayerTable(p) {
    return html`<table class="layers"><thead><tr><th class="num">#</th><th>Layer</th><th>Op</th><th>Fused</th><th>Scaling factors</th><th class="num">Input height</th><th class="num">Channels</th><th class="num">Params</th><th class="num">MACs</th><th class="num">RAM B</th><th class="num">Latency ms</th></tr></thead>
      <tbody>${p.layers.map(function (l, i) {
        return html`<tr data-layer=${l.name}><td class="num">${i}</td><td>${l.name}</td><td>${l.op}</td><td class="fused">${l.fused.join(', ')}</td><td data-scaling=${l.scaling.join(',')}>${F.scaling(l.scaling)}</td>
          <td class="num">${l.inputHeight === null ? '' : l.inputHeight}</td><td class="num">${F.int(l.outputChannels)}</td><td class="num">${F.int(l.params)}</td><td class="num">${F.int(l.macs)}</td>
          <td class="num">${l.ramBytes === null ? '' : F.int(l.ramBytes)}</td><td class="num">${l.latencyMs === null ? '' : l.latencyMs.toFixed(3)}</td></tr>`;
      })}</tbody></table>`;
  }

  function SizeAndArena(p) {
    var d = p.detail;
    var withSize = extrasOf(d, '') && extrasOf(d, '').size ? extrasOf(d, '') : d.extras.find(function (e) { return e.size; });
    var board = extrasOf(d, p.board);
    var arena = board && board.deployment && board.deployment.tflmArena;
    var memory = (extrasOf(d, '') || board || {}).memory;
    var out = [];
    if (withSize) {
      var s = withSize.size.sections;
      out.push(html`<${U.Figure} chart="size-breakdown" title=${'Model size by section: ' + F.bytes(withSize.size.fileBytes) + (withSize.device ? ' (the file deploy writes for ' + withSize.device + ')' : ' (the file export writes)')}
        build=${function () { return G.breakdown({ label: 'bytes of the .tflite', parts: SIZE_PARTS.map(function (k) { return { part: k[1], bytes: s[k[0]] || 0 }; }) }); }} />`);
      var perLayer = [];
      (withSize.size.layers || []).forEach(function (l) { ['weights', 'biases', 'quantization'].forEach(function (k) { if (l[k] > 0) perLayer.push({ layer: l.layer, part: k, bytes: l[k] }); }); });
      if (perLayer.length > 0) out.push(html`<${U.Figure} chart="size-per-layer" title="Model file bytes per layer (weights, biases, quantization parameters)" build=${function () { return G.layerBytes({ rows: perLayer }); }} />`);
    } else out.push(html`<p class="note" data-chart-missing="size-breakdown">Model size by section: not recorded (analyze again with this version).</p>`);
    if (arena) {
      var parts = [{ part: 'planned head (activations and scratch)', bytes: arena.headBytes }].concat(TAIL_PARTS.map(function (k) { return { part: k[1], bytes: arena.tail[k[0]] || 0 }; }));
      out.push(html`<${U.Figure} chart="arena-breakdown" title=${'TFLM arena on ' + p.board + ' (' + arena.kernels + ' kernels): ' + F.bytes(arena.arenaBytes) + (arena.exact ? ', exact' : ', estimate ± ' + F.int(arena.maxErrorBytes) + ' B')}
        note=${arena.note} build=${function () { return G.breakdown({ label: 'bytes of the tensor arena', parts: parts }); }} />`);
    } else if (memory) {
      out.push(html`<p class="note" data-arena="summary">Activation arena: TFLM's greedy plan ${F.bytes(memory.plannedBytes)}, offline plan ${F.bytes(memory.offlinePlannedBytes)}, peak ${F.bytes(memory.peakBytes)} at ${memory.peakOperator}. Analyze with --device for the arena's persistent tail.</p>`);
    }
    return html`<div class="breakdowns">${out}</div>`;
  }

  function Training(p) {
    var runs = p.detail.trainingRuns;
    if (runs.length === 0) return html`<p class="note" data-training="none">No training run recorded (cnn-analyzer train <name> --data <dir>, or log-training).</p>`;
    var hasCurves = Object.keys(p.detail.curves).length > 0;
    return html`<div>
      <table class="training"><thead><tr><th class="num">Run</th><th>Started</th><th class="num">Epochs</th><th class="num">Float accuracy</th><th class="num">int8 accuracy</th><th>Notes</th></tr></thead>
      <tbody>${runs.map(function (t) { return html`<tr data-run=${t.id}><td class="num">${t.id}</td><td>${String(t.startedAt).slice(0, 19).replace('T', ' ')}</td><td class="num">${t.epochs === null ? '–' : t.epochs}</td><td class="num">${F.pct(t.floatAccuracy)}</td><td class="num">${F.pct(t.int8Accuracy)}</td><td>${t.notes || ''}</td></tr>`; })}</tbody></table>
      ${hasCurves ? html`<${U.Figure} chart="training-curves" title="Training curves (accuracy per epoch)" build=${function () { return G.curves({ curves: p.detail.curves }); }} />` : null}
    </div>`;
  }

  function HostBenchmarks(p) {
    var b = p.detail.hostBenchmarks;
    if (b.length === 0) return html`<p class="note" data-benchmarks="none">No host benchmark recorded (cnn-analyzer benchmark <name>).</p>`;
    return html`<div>
      <table class="benchmarks"><thead><tr><th>Runtime</th><th class="num">Threads</th><th class="num">Median</th><th class="num">Fastest</th><th class="num">Slowest</th><th class="num">Repeats</th><th>Host</th><th>Measured</th></tr></thead>
      <tbody>${b.map(function (x) { return html`<tr data-benchmark=${x.id}><td>${x.runtime}</td><td class="num">${x.threads}</td><td class="num" data-median=${x.medianMs}>${F.ms(x.medianMs, 3)}</td><td class="num">${F.ms(x.minMs, 3)}</td><td class="num">${F.ms(x.maxMs, 3)}</td><td class="num">${x.repeats}</td><td>${x.host}</td><td>${x.measuredAt.slice(0, 19).replace('T', ' ')}</td></tr>`; })}</tbody></table>
      ${b[0].ops.length > 0 ? html`<${U.Figure} chart="host-ops" title=${'Time per operator kind (' + b[0].runtime + ', ' + b[0].threads + ' thread' + (b[0].threads === 1 ? '' : 's') + ')'} build=${function () { return G.hostOps({ ops: b[0].ops }); }} />` : null}
    </div>`;
  }

  /** Pick another recorded variation and open the layer-wise comparison of the two. */
  function CompareWith(p) {
    var others = (p.names || []).filter(function (n) { return n !== p.name; }).sort(F.compareNames);
    if (others.length === 0) return null;
    var submit = function (e) {
      e.preventDefault();
      var other = e.target.other.value;
      if (other) location.hash = '#/layers?names=' + encodeURIComponent(p.name) + ',' + encodeURIComponent(other) + (p.board ? '&device=' + encodeURIComponent(p.board) : '');
    };
    return html`<form class="compare-with" onSubmit=${submit}><label>Layer-wise comparison with <select name="other" data-control="compare-with">${others.map(function (n) { return html`<option value=${n}>${n}</option>`; })}</select></label> <button type="submit">Compare</button></form>`;
  }

  /** The scorecard. p: detail (the API's scorecard data), state (budgets c, device, latency budget), nav (back, names, go). */
  function Scorecard(p) {
    var d = p.detail, row = d.row, nav = p.nav || {};
    var board = boardOf(d, p.state.device);
    var layers = d.deployed[board] || d.deployed[''] || d.deployed[Object.keys(d.deployed)[0]] || [];
    var failed = row.checks.filter(function (k) { return !k.pass; });
    var factors = Object.keys(row.factors).map(function (k) { return F.symbol(k) + ' = ' + JSON.stringify(row.factors[k]); }).join(', ');
    var boards = Array.from(new Set(d.deviceFits.map(function (f) { return f.device; })));
    var fitsWithInterval = d.deviceFits.map(function (f) { return Object.assign({ intervalMs: intervalOf(d, f) }, f); });
    var budgetMs = p.state.latencyMs;
    return html`<section class="scorecard" data-view="scorecard" data-name=${row.name} data-board=${board}>
      ${nav.back ? html`<p><a href=${nav.back} class="back">← comparison</a></p>` : null}
      <h2>${row.name}</h2>
      <p class="sub">${row.architecture}${factors ? ' — ' + factors : ''}</p>
      <p class=${'verdict ' + (failed.length === 0 ? 'pass' : 'fail')}>${row.checks.length - failed.length} of ${row.checks.length} constraints met${failed.length ? ': ' + failed.map(function (k) { return k.check; }).join(', ') + ' broken' : ''}</p>
      <div class="controls">
        ${boards.length > 0 && nav.go ? html`<label>Board <select data-control="board" onChange=${function (e) { nav.go({ device: e.target.value }); }}>${boards.map(function (b) { return html`<option value=${b} selected=${b === board}>${b}</option>`; })}</select></label>` : null}
        ${nav.go ? html`<label>Latency budget ms <input type="number" min="0" step="any" data-control="latency-budget" value=${budgetMs || ''} onChange=${function (e) { nav.go({ latencyMs: Number(e.target.value) || undefined }); }} /></label>` : null}
        ${nav.go ? html`<${CompareWith} name=${row.name} names=${nav.names} board=${board} />` : null}
      </div>
      <${Metrics} detail=${d} board=${board} budgetMs=${budgetMs} />
      ${d.deviceFits.length > 0 ? html`<${U.Figure} chart="latency-by-board" title="Estimated latency per board (± the estimate's interval)" build=${function () { return G.latencyByBoard({ fits: fitsWithInterval, budgetMs: budgetMs }); }} />` : html`<p class="note" data-chart-missing="latency-by-board">Latency: not estimated (analyze with --device <board>).</p>`}
      <h3>Where the bytes go</h3>
      <${SizeAndArena} detail=${d} board=${board} />
      <h3>Training</h3>
      <${Training} detail=${d} />
      <h3>Host benchmarks</h3>
      <${HostBenchmarks} detail=${d} />
      <h3>Layer-wise (${layers.length} deployed layers)</h3>
      <${LayerCharts} layers=${layers} board=${board} />
      <h3>Deployed layers</h3>
      <${LayerTable} layers=${layers} />
    </section>`;
  }

  window.CnnScorecard = { Scorecard: Scorecard, boardOf: boardOf };
})();
