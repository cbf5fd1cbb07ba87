// Small Preact (htm) components the views share: a figure slot, check marks, a sortable table (window.CnnUi).
(function () {
  'use strict';
  var html = htmPreact.html, useState = htmPreact.useState;
  var F = window.CnnFormat;

  /** A figure drawn by Observable Plot; built while the view renders (a ref callback), so it is there at once. */
  function Figure(p) {
    var attach = function (el) {
      if (!el) return;
      try { el.replaceChildren(p.build()); } catch (e) { el.textContent = 'figure failed: ' + e.message; el.className += ' error'; }
    };
    return html`<figure class="figure" data-chart=${p.chart}>
      ${p.title ? html`<figcaption>${p.title}</figcaption>` : null}
      <div class="plot" ref=${attach}></div>
      ${p.note ? html`<p class="note">${p.note}</p>` : null}
    </figure>`;
  }

  function Mark(p) {
    return html`<span class=${'check ' + (p.pass ? 'pass' : 'fail')} data-check=${p.check} title=${p.pass ? 'within the limit' : 'over the limit'}>${p.pass ? '✓' : '✗'}</span>`;
  }

  /**
   * A table sorted by clicking a header (again: reversed). columns: { key, label, value(row), cell?(row), num? };
   * numbers sort numerically and names by their numbers (α 0.2 < 0.25 < 0.3); missing values last.
   */
  function SortTable(p) {
    var s = useState(p.sort || { key: p.columns[0].key, desc: false });
    var sort = s[0], setSort = s[1];
    var col = p.columns.find(function (c) { return c.key === sort.key; }) || p.columns[0];
    var rows = p.rows.slice().sort(function (a, b) {
      var va = col.value(a), vb = col.value(b);
      if (F.missing(va) || F.missing(vb)) return F.compareValues(va, vb);
      return (sort.desc ? -1 : 1) * F.compareValues(va, vb);
    });
    return html`<table class=${p.class} data-sort=${col.key + (sort.desc ? ':desc' : ':asc')}>
      <thead><tr>${p.columns.map(function (c) {
        var active = c.key === col.key;
        return html`<th class=${(c.num ? 'num ' : '') + 'sortable' + (active ? ' sorted' : '')} data-column=${c.key} onClick=${function () { setSort({ key: c.key, desc: active ? !sort.desc : false }); }}>${c.label}${active ? (sort.desc ? ' ▼' : ' ▲') : ''}</th>`;
      })}</tr></thead>
      <tbody>${rows.map(function (r) {
        return html`<tr ...${p.rowAttrs ? p.rowAttrs(r) : {}}>${p.columns.map(function (c) {
          return html`<td class=${c.num ? 'num' : ''} data-column=${c.key}>${c.cell ? c.cell(r) : (c.format ? c.format(c.value(r)) : String(c.value(r)))}</td>`;
        })}</tr>`;
      })}</tbody>
    </table>`;
  }

  /** A link to a variation's scorecard, keeping the view's query (budgets, board). */
  function VariationLink(p) {
    return html`<a href=${'#/variation/' + encodeURIComponent(p.name) + (p.query || '')} data-name=${p.name}>${p.name}</a>`;
  }

  window.CnnUi = { Figure: Figure, Mark: Mark, SortTable: SortTable, VariationLink: VariationLink };
})();
