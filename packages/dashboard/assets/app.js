// The CNN Analyzer dashboard's router: #/ (comparison), #/variation/<name> (scorecard), #/layers?names=a,b
// (layer-wise comparison), #/searches and #/search/<id>, over the JSON API; or the one scorecard a self-contained
// report embeds (window.CNN_REPORT). Views are Preact components written with htm; figures are Observable Plot's.
(function () {
  'use strict';
  var html = htmPreact.html, render = htmPreact.render;
  var root = document.getElementById('app');
  root.replaceChildren(); // the page's "Loading…" text is not Preact's to replace
  var DEFAULTS = { flashKB: 250, ramKB: 250, macsM: 60 }; // MISSION.md budgets; KB = 1024 bytes

  function show(vnode) {
    render(vnode, root);
    root.setAttribute('data-ready', 'true');
  }
  function problem(text) {
    show(html`<p class="error" role="alert">${text}</p>`);
  }

  if (window.CNN_REPORT) {
    var rep = window.CNN_REPORT;
    document.title = rep.detail.row.name + ' — CNN Analyzer scorecard';
    show(html`<${CnnScorecard.Scorecard} detail=${rep.detail} state=${{ c: rep.constraints }} />`);
    return;
  }

  function positive(v, fallback) {
    var n = Number(v);
    return v !== null && v !== '' && isFinite(n) && n > 0 ? n : fallback;
  }

  /** The view and its state from location.hash. */
  function parseHash() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var q = hash.indexOf('?');
    var path = q < 0 ? hash : hash.slice(0, q);
    var params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
    var state = {
      view: 'comparison', path: path,
      arch: params.get('arch') || '', device: params.get('device') || '', only: params.get('only') === '1',
      x: params.get('x') || undefined, y: params.get('y') || undefined, series: params.has('series') ? params.get('series') : undefined,
      latencyMs: positive(params.get('latency'), undefined),
      names: (params.get('names') || '').split(',').filter(Boolean),
      c: { flashKB: positive(params.get('flash'), DEFAULTS.flashKB), ramKB: positive(params.get('ram'), DEFAULTS.ramKB), macsM: positive(params.get('macs'), DEFAULTS.macsM) },
    };
    var m;
    if ((m = /^\/variation\/(.+)$/.exec(path))) { state.view = 'variation'; state.name = decodeURIComponent(m[1]); }
    else if (path === '/layers') state.view = 'layers';
    else if (path === '/searches') state.view = 'searches';
    else if ((m = /^\/search\/([^/]+)$/.exec(path))) { state.view = 'search'; state.id = decodeURIComponent(m[1]); }
    return state;
  }

  /** The state's query part of a hash (`?arch=…&flash=…`). */
  function hashQuery(s) {
    var q = new URLSearchParams();
    if (s.arch) q.set('arch', s.arch);
    if (s.device) q.set('device', s.device);
    q.set('flash', s.c.flashKB); q.set('ram', s.c.ramKB); q.set('macs', s.c.macsM);
    if (s.latencyMs) q.set('latency', s.latencyMs);
    if (s.only) q.set('only', '1');
    if (s.x) q.set('x', s.x);
    if (s.y) q.set('y', s.y);
    if (s.series !== undefined && s.series !== null) q.set('series', s.series);
    if (s.view === 'layers' && s.names.length) q.set('names', s.names.join(','));
    return '?' + q.toString();
  }

  function goFrom(state) {
    return function (change) {
      var next = Object.assign({}, state, change);
      location.hash = '#' + next.path + hashQuery(next);
    };
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + r.status);
        return body;
      });
    });
  }

  /** The budgets the server checks every row against (bytes, bytes, MACs). */
  function budgetQuery(s) {
    var q = new URLSearchParams();
    q.set('flash', String(Math.floor(s.c.flashKB * 1024)));
    q.set('ram', String(Math.floor(s.c.ramKB * 1024)));
    q.set('macs', String(Math.floor(s.c.macsM * 1e6)));
    return q;
  }
  function detailOf(name, s) {
    return getJson('/api/variations/' + encodeURIComponent(name) + '?' + budgetQuery(s).toString());
  }

  function load(s) {
    var back = '#/' + hashQuery(Object.assign({}, s, { view: 'comparison' }));
    if (s.view === 'variation') {
      return Promise.all([detailOf(s.name, s), getJson('/api/variations?' + budgetQuery(s).toString())]).then(function (r) {
        document.title = r[0].row.name + ' — CNN Analyzer';
        return html`<${CnnScorecard.Scorecard} detail=${r[0]} state=${s} nav=${{ back: back, go: goFrom(s), names: r[1].map(function (x) { return x.name; }) }} />`;
      });
    }
    if (s.view === 'layers') {
      if (s.names.length < 2) return Promise.reject(new Error('names: the layer-wise comparison needs two or more variations (#/layers?names=a,b)'));
      return Promise.all(s.names.map(function (n) { return detailOf(n, s); })).then(function (details) {
        document.title = 'Layer-wise comparison — CNN Analyzer';
        return html`<${CnnLayerwise.Layerwise} details=${details} device=${s.device} back=${back} query=${hashQuery(Object.assign({}, s, { view: 'variation' }))} />`;
      });
    }
    if (s.view === 'searches') return getJson('/api/searches').then(function (list) { document.title = 'Searches — CNN Analyzer'; return html`<${CnnSearch.Searches} searches=${list} />`; });
    if (s.view === 'search') return getJson('/api/searches/' + encodeURIComponent(s.id)).then(function (one) { document.title = 'Search ' + one.id + ' — CNN Analyzer'; return html`<${CnnSearch.Search} search=${one} />`; });
    var q = budgetQuery(s);
    if (s.arch) q.set('architecture', s.arch);
    if (s.device) q.set('device', s.device);
    if (s.only) {
      q.set('maxFlash', String(Math.floor(s.c.flashKB * 1024)));
      q.set('maxRam', String(Math.floor(s.c.ramKB * 1024)));
      q.set('maxMacs', String(Math.floor(s.c.macsM * 1e6)));
    }
    return Promise.all([getJson('/api/variations?' + q.toString()), getJson('/api/architectures'), getJson('/api/devices'), getJson('/api/searches')]).then(function (r) {
      document.title = 'Comparison — CNN Analyzer';
      if (r[1].length === 0) throw new Error('The model database is empty: run `cnn-analyzer analyze <model>` or `cnn-analyzer sweep …` first.');
      var rows = s.only && s.device && s.latencyMs ? r[0].filter(function (x) { return x.latencyMs <= s.latencyMs; }) : r[0];
      return html`<${CnnComparison.Comparison} rows=${rows} archs=${r[1]} devices=${r[2]} searches=${r[3]} state=${s} go=${goFrom(s)} query=${hashQuery(Object.assign({}, s, { view: 'variation' }))} />`;
    });
  }

  var generation = 0;
  function route() {
    var s = parseHash();
    var mine = ++generation;
    root.setAttribute('data-ready', 'false');
    load(s).then(function (vnode) { if (mine === generation) show(vnode); }, function (e) { if (mine === generation) problem(e.message); });
  }

  window.addEventListener('hashchange', route);
  route();
})();
