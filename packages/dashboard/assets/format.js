// Number formats, factor symbols and the numeric name order shared by the dashboard's views (window.CnnFormat).
(function () {
  'use strict';
  var si = d3.format('~s'); // 1.25M, not 1.3M
  function missing(v) { return v === null || v === undefined || (typeof v === 'number' && !isFinite(v)); }
  function int(v) { return missing(v) ? '–' : Math.round(v).toLocaleString('en-US'); }
  function kb(b) { return missing(b) ? '–' : (b / 1024).toFixed(1) + ' KB'; }
  function bytes(b) { return missing(b) ? '–' : int(b) + ' B (' + kb(b) + ')'; }
  function pct(v) { return missing(v) ? '–' : (v * 100).toFixed(1) + ' %'; }
  function ms(v, digits) { return missing(v) ? '–' : v.toFixed(digits === undefined ? 2 : digits) + ' ms'; }
  function num(v, digits) { return missing(v) ? '–' : v.toFixed(digits); }

  /** The study's symbols for scaling factors (Table 1): α, β, l, pl, ll, t, g, f. */
  var SYMBOLS = { alpha: 'α', beta: 'β', loopLength: 'l', penultimateLayerChannels: 'pl', lastLayerChannels: 'll', expansion: 't', groups: 'g', firstLayerChannels: 'f', classes: 'k', resolution: 'res', inputChannels: 'c' };
  function symbol(f) { return SYMBOLS[f] || f; }
  function scaling(list) { return (list || []).map(symbol).join(', '); }

  /** Split a name into text and decimal-number runs: `mobilenetv1_0.25_96` → ['mobilenetv', 1, '_', 0.25, '_', 96]. */
  function tokens(name) {
    var out = [];
    String(name).replace(/(\d+(?:\.\d+)?)|(\D+)/g, function (_, n, t) { out.push(n !== undefined ? Number(n) : t); return ''; });
    return out;
  }
  /** Names in numeric order: α 0.2 before 0.25 before 0.3 (text order puts 0.25 first). */
  function compareNames(a, b) {
    var x = tokens(a), y = tokens(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var p = x[i], q = y[i];
      if (p === q) continue;
      if (typeof p === 'number' && typeof q === 'number') return p - q;
      if (typeof p === 'number') return -1;
      if (typeof q === 'number') return 1;
      return p < q ? -1 : 1;
    }
    return x.length - y.length;
  }
  /** Sort values: numbers numerically, missing last, names numerically. */
  function compareValues(a, b) {
    if (missing(a) && missing(b)) return 0;
    if (missing(a)) return 1;
    if (missing(b)) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return compareNames(a, b);
  }

  window.CnnFormat = { si: si, int: int, kb: kb, bytes: bytes, pct: pct, ms: ms, num: num, symbol: symbol, scaling: scaling, compareNames: compareNames, compareValues: compareValues, missing: missing };
})();
