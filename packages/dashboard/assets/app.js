// The CNN Analyzer dashboard app: routes #/ (comparison) and #/variation/<name> (scorecard) over the JSON API,
// or shows the one scorecard a self-contained report embeds (window.CNN_REPORT).
(function () {
  'use strict';
  var V = window.CnnViews;
  var root = document.getElementById('app');
  var DEFAULTS = { flashKB: 250, ramKB: 250, macsM: 60 }; // MISSION.md budgets; KB = 1024 bytes

  function show(node) {
    root.replaceChildren(node);
    root.setAttribute('data-ready', 'true');
  }

  function problem(text) {
    var p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    show(p);
  }

  if (window.CNN_REPORT) {
    document.title = window.CNN_REPORT.detail.row.name + ' — CNN Analyzer scorecard';
    show(V.scorecard(window.CNN_REPORT.detail, window.CNN_REPORT.constraints));
    return;
  }

  function positive(v, fallback) {
    var n = Number(v);
    return v !== null && v !== '' && isFinite(n) && n >= 0 ? n : fallback;
  }

  /** The view and its state from location.hash. */
  function parseHash() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var q = hash.indexOf('?');
    var path = q < 0 ? hash : hash.slice(0, q);
    var params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
    var state = {
      view: 'comparison',
      arch: params.get('arch') || '',
      device: params.get('device') || '',
      only: params.get('only') === '1',
      x: params.get('x') || undefined,
      y: params.get('y') || undefined,
      series: params.has('series') ? params.get('series') : undefined,
      c: { flashKB: positive(params.get('flash'), DEFAULTS.flashKB), ramKB: positive(params.get('ram'), DEFAULTS.ramKB), macsM: positive(params.get('macs'), DEFAULTS.macsM) },
    };
    var m = /^\/variation\/(.+)$/.exec(path);
    if (m) { state.view = 'variation'; state.name = decodeURIComponent(m[1]); }
    return state;
  }

  function go(state) {
    var path = state.view === 'variation' ? '/variation/' + encodeURIComponent(state.name) : '/';
    location.hash = '#' + path + V.hashQuery(state);
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
  function budgetQuery(state) {
    var q = new URLSearchParams();
    q.set('flash', String(Math.floor(state.c.flashKB * 1024)));
    q.set('ram', String(Math.floor(state.c.ramKB * 1024)));
    q.set('macs', String(Math.floor(state.c.macsM * 1e6)));
    return q;
  }

  function render() {
    var state = parseHash();
    root.setAttribute('data-ready', 'false');
    if (state.view === 'variation') {
      getJson('/api/variations/' + encodeURIComponent(state.name) + '?' + budgetQuery(state).toString()).then(function (detail) {
        document.title = detail.row.name + ' — CNN Analyzer';
        show(V.scorecard(detail, state.c, { back: '#/' + V.hashQuery(state) }));
      }).catch(function (e) { problem(e.message); });
      return;
    }
    var q = budgetQuery(state);
    if (state.arch) q.set('architecture', state.arch);
    if (state.device) q.set('device', state.device);
    if (state.only) {
      q.set('maxFlash', String(Math.floor(state.c.flashKB * 1024)));
      q.set('maxRam', String(Math.floor(state.c.ramKB * 1024)));
      q.set('maxMacs', String(Math.floor(state.c.macsM * 1e6)));
    }
    Promise.all([getJson('/api/variations?' + q.toString()), getJson('/api/architectures'), getJson('/api/devices')]).then(function (r) {
      document.title = 'Comparison — CNN Analyzer';
      if (r[1].length === 0) return problem('The model database is empty: run `cnn-analyzer analyze <model>` or `cnn-analyzer sweep …` first.');
      show(V.comparison(r[0], r[1], state, go, r[2]));
    }).catch(function (e) { problem(e.message); });
  }

  window.addEventListener('hashchange', render);
  render();
})();
