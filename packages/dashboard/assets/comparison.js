// The comparison view (window.CnnComparison): filters, the study's figures (a metric over a factor with one line per
// value of another and the budget line; accuracy over a factor with the 80 % line; size vs peak memory), the best
// variation per architecture and the results table, whose selected rows open the layer-wise comparison.
(function () {
  'use strict';
  var html = htmPreact.html, useState = htmPreact.useState;
  var F = window.CnnFormat, G = window.CnnFigures, U = window.CnnUi;

  var METRICS = { modelSizeBytes: 'Model size (bytes)', peakMemoryBytes: 'Peak memory (bytes)', arenaBytes: 'TFLM arena (bytes)', params: 'Params', macs: 'MACs', flops: 'FLOPs' };

  /** Factors that are numbers and take more than one value among the rows: candidates for axes and series. */
  function numericFactors(rows) {
    var seen = {};
    rows.forEach(function (r) { Object.keys(r.factors).forEach(function (k) { if (typeof r.factors[k] === 'number') (seen[k] = seen[k] || {})[r.factors[k]] = true; }); });
    return Object.keys(seen).filter(function (k) { return Object.keys(seen[k]).length > 1; }).sort();
  }

  function limitFor(metric, s) {
    var c = s.c;
    if (metric === 'modelSizeBytes') return { value: c.flashKB * 1024, label: c.flashKB + ' KB flash' };
    if (metric === 'peakMemoryBytes' || metric === 'arenaBytes') return { value: c.ramKB * 1024, label: c.ramKB + ' KB RAM' };
    if (metric === 'macs') return { value: c.macsM * 1e6, label: c.macsM + ' M MACs' };
    if (metric === 'latencyMs' && s.latencyMs) return { value: s.latencyMs, label: s.latencyMs + ' ms' };
    return undefined;
  }

  /**
   * Series name of a row: the series factor's value (or the architecture where a row has no such factor, never
   * "= undefined"), plus every other factor where the row differs from most rows, so that a line only joins
   * variations that differ in the x factor alone.
   */
  function seriesNamer(rows, x, factor) {
    var keys = {};
    rows.forEach(function (r) { Object.keys(r.factors).forEach(function (k) { if (k !== x && k !== factor) keys[k] = true; }); });
    var mode = {};
    Object.keys(keys).forEach(function (k) {
      var count = {};
      rows.forEach(function (r) { var v = JSON.stringify(r.factors[k]); count[v] = (count[v] || 0) + 1; });
      mode[k] = Object.keys(count).sort(function (a, b) { return count[b] - count[a]; })[0];
    });
    return function (r) {
      var v = factor ? r.factors[factor] : undefined;
      var base = !factor ? r.architecture : (v === undefined || v === null ? r.architecture + ' (no ' + F.symbol(factor) + ')' : factor + ' = ' + v);
      var extra = Object.keys(keys).sort().filter(function (k) { return JSON.stringify(r.factors[k]) !== mode[k] && r.factors[k] !== undefined; })
        .map(function (k) { return F.symbol(k) + ' = ' + r.factors[k]; });
      return extra.length ? base + ', ' + extra.join(', ') : base;
    };
  }

  function passes(r, s) {
    return r.checks.every(function (k) { return k.pass; }) && !(s.device && s.latencyMs && !(r.latencyMs <= s.latencyMs));
  }

  function Filters(p) {
    var s = p.state, c = s.c;
    var submit = function (e) {
      e.preventDefault();
      var f = e.target;
      p.go({ arch: f.arch.value, device: f.device.value, only: f.only.checked, latencyMs: Number(f.latency.value) || undefined, c: { flashKB: Number(f.flash.value), ramKB: Number(f.ram.value), macsM: Number(f.macs.value) } });
    };
    var num = function (name, value, label) { return html`<label>${label} <input name=${name} type="number" min="0" step="any" value=${value === undefined ? '' : value} data-control=${name} /></label>`; };
    return html`<form class="filters" onSubmit=${submit}>
      <label>Architecture <select name="arch" data-control="arch"><option value="">all</option>${p.archs.map(function (a) { return html`<option value=${a.architecture} selected=${a.architecture === s.arch}>${a.architecture} (${a.count})</option>`; })}</select></label>
      <label>Board <select name="device" data-control="device"><option value="">none (no latency)</option>${p.devices.map(function (d) { return html`<option value=${d} selected=${d === s.device}>${d}</option>`; })}</select></label>
      ${num('flash', c.flashKB, 'Max flash KB')} ${num('ram', c.ramKB, 'Max RAM KB')} ${num('macs', c.macsM, 'Max MACs M')} ${num('latency', s.latencyMs, 'Max latency ms')}
      <label><input type="checkbox" name="only" data-control="only" checked=${s.only} /> only within all constraints</label>
      <button type="submit">Apply</button>
    </form>`;
  }

  function Figures(p) {
    var s = p.state, rows = p.rows;
    var factors = numericFactors(rows);
    var x = factors.indexOf(s.x) >= 0 ? s.x : (factors.indexOf('alpha') >= 0 ? 'alpha' : factors[0]);
    var seriesKeys = factors.filter(function (k) { return k !== x; });
    var series = s.series === '' ? '' : (seriesKeys.indexOf(s.series) >= 0 ? s.series : (seriesKeys.indexOf('loopLength') >= 0 ? 'loopLength' : (seriesKeys[0] || '')));
    var metrics = Object.assign({}, METRICS, s.device ? { latencyMs: 'Latency on ' + s.device + ' (ms)' } : {});
    var y = metrics[s.y] ? s.y : 'modelSizeBytes';
    var change = function (e) { var o = {}; o[e.target.name] = e.target.value; p.go(o); };
    var controls = html`<div class="controls" onChange=${change}>
      <label>y <select name="y" data-control="y">${Object.keys(metrics).map(function (k) { return html`<option value=${k} selected=${k === y}>${metrics[k]}</option>`; })}</select></label>
      <label>over <select name="x" data-control="x">${factors.map(function (k) { return html`<option value=${k} selected=${k === x}>${k}</option>`; })}</select></label>
      <label>one line per <select name="series" data-control="series"><option value="" selected=${series === ''}>(architecture)</option>${seriesKeys.map(function (k) { return html`<option value=${k} selected=${k === series}>${k}</option>`; })}</select></label>
    </div>`;
    var href = function (d) { return '#/variation/' + encodeURIComponent(d.name) + p.query; };
    var seriesOf = seriesNamer(rows, x, series);
    var pointsOf = function (metric) {
      return rows.filter(function (r) { return typeof r.factors[x] === 'number' && !F.missing(r[metric]); })
        .map(function (r) { return { x: r.factors[x], y: r[metric], series: seriesOf(r), name: r.name, architecture: r.architecture }; });
    };
    var mixed = new Set(rows.map(function (r) { return r.architecture; })).size > 1;
    var out = [];
    if (!x) out.push(html`<p class="note">No numeric factor varies among these variations: sweep one (e.g. --alpha 0.1..0.5:0.05) to plot it.</p>`);
    else {
      var fmt = y === 'latencyMs' ? F.ms : (/Bytes$/.test(y) ? F.kb : F.int);
      out.push(html`<div>${controls}<${U.Figure} chart="metric-vs-factor" title=${metrics[y] + ' over ' + x + (series ? ', one line per ' + series : '')}
        build=${function () { return G.lines({ points: pointsOf(y), xLabel: x, yLabel: metrics[y], format: fmt, limit: limitFor(y, s), href: href, symbol: mixed }); }} /></div>`);
      var trained = pointsOf('int8Accuracy');
      out.push(trained.length > 0
        ? html`<${U.Figure} chart="accuracy-vs-factor" title=${'int8 accuracy over ' + x + (series ? ', one line per ' + series : '')}
            build=${function () { return G.lines({ points: trained, xLabel: x, yLabel: 'int8 accuracy', format: F.pct, yTickFormat: '.0%', yDomain: [0, 1], limit: { value: 0.8, label: '80 %' }, href: href, symbol: mixed }); }} />`
        : html`<p class="note" data-chart-missing="accuracy-vs-factor">Accuracy over ${x}: no training runs recorded for these variations (cnn-analyzer train, or log-training).</p>`);
    }
    var measured = rows.filter(function (r) { return !F.missing(r.modelSizeBytes) && !F.missing(r.peakMemoryBytes); }).map(function (r) { return Object.assign({ pass: passes(r, s) }, r); });
    out.push(html`<${U.Figure} chart="size-vs-peak" title="Model size vs peak memory (filled: within all constraints)"
      build=${function () { return G.sizeVsPeak({ rows: measured, flashBytes: s.c.flashKB * 1024, ramBytes: s.c.ramKB * 1024, flashLabel: s.c.flashKB + ' KB flash', ramLabel: s.c.ramKB + ' KB RAM', href: href }); }} />`);
    return html`<div class="plots">${out}</div>`;
  }

  function Best(p) {
    var best = {};
    var acc = function (r) { return F.missing(r.int8Accuracy) ? -1 : r.int8Accuracy; };
    p.rows.filter(function (r) { return passes(r, p.state); }).forEach(function (r) {
      var b = best[r.architecture];
      if (!b || acc(r) > acc(b) || (acc(r) === acc(b) && (r.params > b.params || (r.params === b.params && F.compareNames(r.name, b.name) < 0)))) best[r.architecture] = r;
    });
    return html`<table class="best"><thead><tr><th>Architecture</th><th>Best variation within all constraints (highest int8 accuracy, else most params)</th><th class="num">int8 accuracy</th><th class="num">Params</th><th class="num">Size</th><th class="num">Peak memory</th><th class="num">MACs</th></tr></thead>
      <tbody>${Object.keys(best).sort().map(function (a) { var r = best[a]; return html`<tr data-architecture=${a}><td>${a}</td><td><${U.VariationLink} name=${r.name} query=${p.query} /></td><td class="num">${F.pct(r.int8Accuracy)}</td><td class="num">${F.int(r.params)}</td><td class="num">${F.kb(r.modelSizeBytes)}</td><td class="num">${F.kb(r.peakMemoryBytes)}</td><td class="num">${F.int(r.macs)}</td></tr>`; })}</tbody></table>`;
  }

  /** The study's results table for the rows shown, sortable; ticked rows open the layer-wise comparison. */
  function Results(p) {
    var sel = useState([]), picked = sel[0], setPicked = sel[1];
    var toggle = function (name) { setPicked(picked.indexOf(name) >= 0 ? picked.filter(function (n) { return n !== name; }) : picked.concat([name])); };
    var s = p.state;
    var columns = [
      { key: 'pick', label: '', value: function (r) { return picked.indexOf(r.name) >= 0 ? 0 : 1; }, cell: function (r) { return html`<input type="checkbox" data-pick=${r.name} checked=${picked.indexOf(r.name) >= 0} onChange=${function () { toggle(r.name); }} />`; } },
      { key: 'name', label: 'Variation', value: function (r) { return r.name; }, cell: function (r) { return html`<${U.VariationLink} name=${r.name} query=${p.query} />`; } },
      { key: 'architecture', label: 'Architecture', value: function (r) { return r.architecture; } },
      { key: 'int8Accuracy', label: 'int8 accuracy', num: true, value: function (r) { return r.int8Accuracy; }, format: F.pct },
      { key: 'modelSizeBytes', label: 'Size', num: true, value: function (r) { return r.modelSizeBytes; }, format: F.kb },
      { key: 'peakMemoryBytes', label: 'Peak memory', num: true, value: function (r) { return r.peakMemoryBytes; }, format: F.kb },
    ].concat(s.device ? [{ key: 'latencyMs', label: 'Latency ms', num: true, value: function (r) { return r.latencyMs; }, cell: function (r) { return html`<span data-latency=${r.latencyMs}>${F.num(r.latencyMs, 2)}</span>`; } }] : []).concat([
      { key: 'macs', label: 'MACs', num: true, value: function (r) { return r.macs; }, format: F.int },
      { key: 'params', label: 'Params', num: true, value: function (r) { return r.params; }, format: F.int },
      { key: 'bytesPerParam', label: 'Bytes/param', num: true, value: function (r) { return r.bytesPerParam; }, format: function (v) { return F.num(v, 3); } },
    ]).concat(p.rows[0] ? p.rows[0].checks.map(function (k, i) {
      return { key: 'check' + i, label: k.check.replace(' budget', ''), value: function (r) { return r.checks[i].pass ? 1 : 0; }, cell: function (r) { return html`<${U.Mark} pass=${r.checks[i].pass} check=${['flash', 'ram', 'macs'][i] || k.check} />`; } };
    }) : []).concat([{ key: 'fails', label: 'Fails', num: true, value: function (r) { return r.checks.filter(function (k) { return !k.pass; }).length; }, format: String }]);
    var open = picked.length >= 2 ? '#/layers?names=' + picked.map(encodeURIComponent).join(',') + (s.device ? '&device=' + encodeURIComponent(s.device) : '') : null;
    return html`<div>
      <p class="pick-bar">${open ? html`<a class="button" data-action="layerwise" href=${open}>Layer-wise comparison of ${picked.length} selected</a>` : html`<span class="note">Tick two or more variations for their layer-wise comparison.</span>`}</p>
      <${U.SortTable} class="variations" columns=${columns} rows=${p.rows} sort=${{ key: 'name', desc: false }} rowAttrs=${function (r) { return { 'data-name': r.name, class: passes(r, s) ? 'pass' : 'fail' }; }} />
    </div>`;
  }

  /** p: rows (checked by the server), archs, devices, searches, state, go, query. */
  function Comparison(p) {
    var within = p.rows.filter(function (r) { return passes(r, p.state); }).length;
    return html`<section class="comparison" data-view="comparison">
      <${Filters} state=${p.state} archs=${p.archs} devices=${p.devices} go=${p.go} />
      <p class="sub" data-count=${p.rows.length}>${p.rows.length} variation${p.rows.length === 1 ? '' : 's'}, ${within} within all constraints${p.searches.length ? html` · <a href="#/searches">${p.searches.length} recorded search${p.searches.length === 1 ? '' : 'es'}</a>` : ''}</p>
      <${Figures} rows=${p.rows} state=${p.state} go=${p.go} query=${p.query} />
      <h3>Best per architecture</h3>
      <${Best} rows=${p.rows} state=${p.state} query=${p.query} />
      <h3>Results</h3>
      <${Results} rows=${p.rows} state=${p.state} query=${p.query} />
    </section>`;
  }

  window.CnnComparison = { Comparison: Comparison };
})();
