// The views of `optimize` searches (window.CnnSearch): the list, and one search's trail as a timeline, its Pareto
// front against the constraint lines, and every candidate linked to its scorecard.
(function () {
  'use strict';
  var html = htmPreact.html;
  var F = window.CnnFormat, G = window.CnnFigures, U = window.CnnUi;

  function Searches(p) {
    return html`<section class="searches" data-view="searches">
      <p><a href="#/" class="back">← comparison</a></p>
      <h2>Searches (cnn-analyzer optimize)</h2>
      ${p.searches.length === 0 ? html`<p class="note">No search recorded: run cnn-analyzer optimize <architecture>.</p>` : html`<table class="search-list"><thead><tr><th>Search</th><th>Architecture</th><th>Constraints</th><th class="num">Evaluated</th><th class="num">Within all</th><th>Started</th><th>Finished</th></tr></thead>
        <tbody>${p.searches.map(function (s) {
          return html`<tr data-search=${s.id}><td><a href=${'#/search/' + s.id}>${s.id}</a></td><td>${s.architecture}</td><td>${constraintText(s.spec.constraints || s.spec)}</td><td class="num">${s.evaluations}</td><td class="num">${s.passing}</td><td>${s.createdAt.slice(0, 19).replace('T', ' ')}</td><td>${s.finishedAt ? s.finishedAt.slice(0, 19).replace('T', ' ') : 'not finished'}</td></tr>`;
        })}</tbody></table>`}
    </section>`;
  }

  function constraintText(c) {
    var parts = [];
    if (c.maxFlashBytes) parts.push('flash ≤ ' + F.kb(c.maxFlashBytes));
    if (c.maxRamBytes) parts.push('RAM ≤ ' + F.kb(c.maxRamBytes));
    if (c.maxMacs) parts.push('MACs ≤ ' + F.si(c.maxMacs));
    if (c.maxLatencyMs) parts.push('latency ≤ ' + c.maxLatencyMs + ' ms');
    return parts.join(', ');
  }

  /** p: search (record with result and evaluations). */
  function Search(p) {
    var s = p.search, result = s.result || {};
    var constraints = result.constraints || s.spec.constraints || {};
    var href = function (d) { return '#/variation/' + encodeURIComponent(d.name); };
    var all = s.evaluations.map(function (e) { return e.evaluation; });
    var front = result.pareto || [];
    var trail = result.trail || [];
    var best = result.best || {};
    return html`<section class="search" data-view="search" data-search=${s.id}>
      <p><a href="#/searches" class="back">← searches</a></p>
      <h2>Search ${s.id}: ${s.architecture}</h2>
      <p class="sub">${constraintText(constraints)}; ${all.length} variations evaluated${result.complete === false ? ' (budget ran out before the five steps finished)' : ''}${s.finishedAt ? '' : ' — not finished (run the same optimize command again to resume)'}</p>
      <table class="search-best"><thead><tr><th>Objective</th><th>Variation</th><th class="num">α</th><th class="num">Params</th><th class="num">Size</th><th class="num">Arena</th><th class="num">MACs</th></tr></thead>
        <tbody>${Object.keys(best).map(function (k) { var b = best[k]; return html`<tr data-objective=${k}><td>${k === 'alpha' ? 'largest α' : k === 'params' ? 'most params' : 'lowest latency'}</td><td><${U.VariationLink} name=${b.name} /></td><td class="num">${b.alpha}</td><td class="num">${F.int(b.params)}</td><td class="num">${F.kb(b.modelSizeBytes)}</td><td class="num">${F.kb(b.arenaBytes)}</td><td class="num">${F.int(b.macs)}</td></tr>`; })}</tbody></table>
      ${trail.length > 0 ? html`<${U.Figure} chart="search-trail" title="The trail: α at each step (hollow: broke a constraint)" build=${function () { return G.trail({ trail: trail, href: href }); }} />` : null}
      <div class="plots">
        <${U.Figure} chart="search-pareto" title="Evaluated variations and the Pareto front, with the constraint lines" build=${function () { return G.pareto({ all: all, front: front, flashBytes: constraints.maxFlashBytes, ramBytes: constraints.maxRamBytes, href: href }); }} />
        <${U.Figure} chart="search-pareto-objectives" title="α and params of the evaluated variations (Pareto front in green)" build=${function () { return G.pareto({ all: all, front: front, x: 'alpha', y: 'params', href: href }); }} />
      </div>
      <h3>Trail</h3>
      <ol class="trail">${trail.map(function (t) {
        return html`<li data-step=${t.step} data-action=${t.action}><span class="step">step ${t.step} · ${t.action}</span> <${U.VariationLink} name=${t.name} /> — ${t.note}${t.heldBy ? html` <span class="held">(held by ${t.heldBy.layer}: ${F.pct(t.heldBy.share)} of ${t.heldBy.metric}; scaled by ${F.scaling(t.heldBy.scaling)})</span>` : null}</li>`;
      })}</ol>
      <h3>Candidates</h3>
      <${U.SortTable} class="candidates" rows=${all} sort=${{ key: 'alpha', desc: true }} rowAttrs=${function (e) { return { 'data-name': e.name, class: e.violations.length ? 'fail' : 'pass' }; }} columns=${[
        { key: 'name', label: 'Variation', value: function (e) { return e.name; }, cell: function (e) { return html`<${U.VariationLink} name=${e.name} />`; } },
        { key: 'alpha', label: 'α', num: true, value: function (e) { return e.alpha; }, format: String },
        { key: 'params', label: 'Params', num: true, value: function (e) { return e.params; }, format: F.int },
        { key: 'size', label: 'Size', num: true, value: function (e) { return e.modelSizeBytes; }, format: F.kb },
        { key: 'arena', label: 'Arena', num: true, value: function (e) { return e.arenaBytes; }, format: F.kb },
        { key: 'macs', label: 'MACs', num: true, value: function (e) { return e.macs; }, format: F.int },
        { key: 'broken', label: 'Broken', value: function (e) { return e.violations.map(function (v) { return v.metric; }).join(', '); } },
      ]} />
    </section>`;
  }

  window.CnnSearch = { Searches: Searches, Search: Search };
})();
