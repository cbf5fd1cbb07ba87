// The layer-wise comparison of two or more variations (the study's Figures 5 and 6; window.CnnLayerwise): grouped
// bars per deployed layer of params, MACs, RAM and latency, each layer labelled with the factors that scale it.
(function () {
  'use strict';
  var html = htmPreact.html;
  var F = window.CnnFormat, G = window.CnnFigures, U = window.CnnUi;

  function layersOf(detail, device) {
    var d = detail.deployed;
    return d[device] || d[''] || d[Object.keys(d)[0]] || [];
  }

  /** Layer names of every variation in one order: each new name goes right after the name before it in its own list. */
  function mergedOrder(lists) {
    var order = [];
    lists.forEach(function (names) {
      var after = -1;
      names.forEach(function (n) {
        var at = order.indexOf(n);
        if (at < 0) { order.splice(after + 1, 0, n); at = after + 1; }
        after = at;
      });
    });
    return order;
  }

  var METRICS = [
    ['params', 'Params per layer', 'params', function (l) { return l.params; }, F.int],
    ['macs', 'MACs per layer', 'MACs', function (l) { return l.macs; }, F.int],
    ['ram', 'RAM per layer (working set while it runs)', 'bytes', function (l) { return l.ramBytes; }, F.bytes],
    ['latency', 'Latency per layer (estimated)', 'ms', function (l) { return l.latencyMs; }, function (v) { return F.ms(v, 3); }],
  ];

  /** p: details (scorecard data of each variation, in the order asked), device, back. */
  /** The board to compare latency on: the asked one, else the first board every variation was analyzed on. */
  function commonBoard(details, asked) {
    if (asked) return asked;
    var boards = Object.keys(details[0].deployed).filter(function (b) { return b && details.every(function (d) { return d.deployed[b]; }); });
    return boards.sort()[0] || '';
  }

  function Layerwise(p) {
    var names = p.details.map(function (d) { return d.row.name; });
    var device = commonBoard(p.details, p.device);
    var per = p.details.map(function (d) { return layersOf(d, device); });
    var order = mergedOrder(per.map(function (ls) { return ls.map(function (l) { return l.name; }); }));
    var scaling = {};
    per.forEach(function (ls) { ls.forEach(function (l) { if (!scaling[l.name] && l.scaling.length) scaling[l.name] = l.scaling; }); });
    var labelOf = function (n) { return scaling[n] ? n + ' · ' + F.scaling(scaling[n]) : n; };
    var labels = order.map(labelOf);
    var byName = per.map(function (ls) { var m = {}; ls.forEach(function (l) { m[l.name] = l; }); return m; });
    var figures = METRICS.map(function (m) {
      var rows = [];
      per.forEach(function (ls, i) { ls.forEach(function (l) { rows.push({ layer: l.name, label: labelOf(l.name), variation: names[i], value: m[3](l) }); }); });
      if (rows.every(function (r) { return F.missing(r.value); })) return html`<p class="note" data-chart-missing=${m[0]}>${m[1]}: not recorded for these variations${m[0] === 'latency' ? ' (analyze them with --device <board>)' : ''}.</p>`;
      return html`<${U.Figure} chart=${'layerwise-' + m[0]} title=${m[1]} build=${function () { return G.layerwise({ rows: rows, labels: labels, variations: names, unit: m[2], format: m[4] }); }} />`;
    });
    var totals = p.details.map(function (d) { return d.row; });
    var boards = Object.keys(p.details[0].deployed).filter(function (b) { return b && p.details.every(function (d) { return d.deployed[b]; }); }).sort();
    var pick = function (e) { location.hash = '#/layers?names=' + names.map(encodeURIComponent).join(',') + (e.target.value ? '&device=' + encodeURIComponent(e.target.value) : ''); };
    return html`<section class="layerwise" data-view="layerwise" data-names=${names.join(',')} data-board=${device}>
      <p><a href=${p.back} class="back">← comparison</a></p>
      <h2>Layer-wise comparison</h2>
      <p class="sub">${names.length} variations${device ? ', latency on ' + device : ''}: ${names.map(function (n, i) { return html`${i ? ', ' : ''}<${U.VariationLink} name=${n} query=${p.query} />`; })}</p>
      ${boards.length > 0 ? html`<div class="controls"><label>Board <select data-control="board" onChange=${pick}>${boards.map(function (b) { return html`<option value=${b} selected=${b === device}>${b}</option>`; })}</select></label></div>` : null}
      <table class="totals"><thead><tr><th>Variation</th><th class="num">Params</th><th class="num">MACs</th><th class="num">Size</th><th class="num">Peak memory</th><th class="num">int8 accuracy</th></tr></thead>
        <tbody>${totals.map(function (r) { return html`<tr data-name=${r.name}><td>${r.name}</td><td class="num">${F.int(r.params)}</td><td class="num">${F.int(r.macs)}</td><td class="num">${F.kb(r.modelSizeBytes)}</td><td class="num">${F.kb(r.peakMemoryBytes)}</td><td class="num">${F.pct(r.int8Accuracy)}</td></tr>`; })}</tbody></table>
      <div class="charts">${figures}</div>
      <h3>Params per deployed layer</h3>
      <table class="layerwise-table"><thead><tr><th>Layer</th><th>Scaling factors</th>${names.map(function (n) { return html`<th class="num">${n}</th>`; })}</tr></thead>
        <tbody>${order.map(function (n) {
          return html`<tr data-layer=${n}><td>${n}</td><td>${F.scaling(scaling[n])}</td>${byName.map(function (m, i) { return html`<td class="num" data-variation=${names[i]}>${m[n] ? F.int(m[n].params) : '–'}</td>`; })}</tr>`;
        })}</tbody></table>
    </section>`;
  }

  window.CnnLayerwise = { Layerwise: Layerwise, mergedOrder: mergedOrder };
})();
