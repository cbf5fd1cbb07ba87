import { h, type ComponentChildren, type VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import htm from 'htm';
import type { AnalysisReport, OperatorRow } from '@cnn-analyzer/analysis';
import { formatCount, formatInt, formatKB, formatMs } from './format.js';
import { arenaChart, kindLegend, operatorChart, operatorLabel, type ArenaPart, type OperatorMetric } from './charts.js';

/** htm bound to Preact: JSX-like templates without a build step of their own. */
export const html = htm.bind(h) as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;

/** A DOM node made outside Preact (a chart), mounted into the tree. */
function Mounted({ make, deps }: { make: () => Element; deps: readonly unknown[] }): VNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = make();
    ref.current?.replaceChildren(el);
  }, deps);
  return html`<div class="mounted" ref=${ref}></div>`;
}

function Card({ label, value, detail, check }: { label: string; value: string; detail?: string; check?: string }): VNode {
  return html`<div class="card" data-total=${label}><div class="label">${label}</div><div class="value">${value}</div>${detail ? html`<div class="detail">${detail}</div>` : null}${check ? html`<div class="detail">${check}</div>` : null}</div>`;
}

/** The whole-model figures, the latency and the fit checks. */
function Totals({ report }: { report: AnalysisReport }): VNode {
  const t = report.totals;
  const peakAt = report.operators.findIndex((o) => o.name === t.peakOperator);
  const peakLabel = peakAt >= 0 ? operatorLabel(report.operators[peakAt]!, peakAt) : t.peakOperator;
  return html`<section class="totals">
    <${Card} label="Params" value=${formatInt(t.params)} detail=${`${formatInt(t.trainableParams)} trainable`} />
    <${Card} label="MACs" value=${formatInt(t.macs)} detail=${`${formatCount(t.flops)} FLOPs`} />
    <${Card} label="Peak memory" value=${formatKB(t.peakMemoryBytes)} detail=${`${formatInt(t.peakMemoryBytes)} bytes at ${peakLabel}`} />
    <${Card} label="TFLM arena" value=${formatKB(t.arenaBytes)} detail=${`${formatInt(t.arenaBytes)} bytes${report.deployment ? ` (${report.deployment.kernels} kernels)` : ''}`} />
    <${Card} label="Model size" value=${formatKB(t.modelSizeBytes)} detail=${`${formatInt(t.modelSizeBytes)} bytes, ${t.bytesPerParam.toFixed(3)} bytes/param`} />
    ${report.latency ? html`<${Card} label="Latency" value=${formatMs(report.latency.totalMs)} detail=${`± ${report.latency.intervalMs.toFixed(2)} ms on ${report.latency.device} (${report.latency.runtime}, estimated)`} />` : null}
  </section>`;
}

function FitChecks({ report }: { report: AnalysisReport }): VNode | null {
  if (!report.fit) return null;
  return html`<section class="fit" data-fits=${String(report.fit.fits)}>
    <h3>${report.fit.fits ? 'Fits' : 'Does not fit'} on ${report.fit.device}</h3>
    <ul>${report.fit.checks.map((c) => html`<li class=${c.pass ? 'pass' : 'fail'} data-check=${c.check}><span class="mark">${c.pass ? '✓' : '✗'}</span> ${c.check}: ${formatInt(c.used)} of ${formatInt(c.limit)} ${c.unit} (margin ${formatInt(c.margin)})</li>`)}</ul>
  </section>`;
}

/** Per-operator bar charts: params, MACs, RAM (with the peak line) and, with a board, latency. */
function Charts({ report, width }: { report: AnalysisReport; width: number }): VNode {
  const ops = report.operators;
  const metrics: OperatorMetric[] = [
    { key: 'params', title: 'Params per layer', label: 'params' },
    { key: 'macs', title: 'MACs per layer', label: 'MACs' },
    { key: 'ramBytes', title: 'RAM per layer (working set while it runs)', label: 'bytes', rule: { value: report.totals.peakMemoryBytes, label: `peak ${formatKB(report.totals.peakMemoryBytes)}` } },
    ...(report.latency ? [{ key: 'latencyMs', title: `Latency per layer on ${report.latency.device} (${report.latency.runtime})`, label: 'ms' } as const] : []),
  ];
  const chartWidth = Math.max(360, Math.floor(width));
  return html`<section class="charts">
    <${Mounted} make=${() => kindLegend(ops)} deps=${[report]} />
    <div class="chart-grid">${metrics.map((m) => html`<figure data-chart=${m.key}><figcaption>${m.title}</figcaption><${Mounted} make=${() => operatorChart(ops, m, chartWidth)} deps=${[report, chartWidth]} /></figure>`)}</div>
  </section>`;
}

/** Where the arena goes: the memory plan's figures, and with a board TFLM's arena for its kernels, part by part. */
function Arena({ report, width }: { report: AnalysisReport; width: number }): VNode {
  const m = report.memory;
  const tflm = report.deployment?.tflmArena;
  const parts: ArenaPart[] = tflm
    ? [{ part: 'activations (planned head)', bytes: tflm.headBytes }, ...Object.entries(tflm.tail).map(([k, b]) => ({ part: k.replace(/([A-Z])/g, ' $1').toLowerCase(), bytes: b }))]
    : [];
  return html`<section class="arena">
    <h3>Memory</h3>
    <dl>
      <dt>Peak working set</dt><dd>${formatInt(m.peakBytes)} bytes (${m.order} order)</dd>
      <dt>TFLM's greedy plan of the activations</dt><dd>${formatInt(m.plannedBytes)} bytes</dd>
      <dt>Offline placement of the same buffers</dt><dd>${formatInt(m.offlinePlannedBytes)} bytes</dd>
      <dt>Per-channel quantization parameters</dt><dd>${formatInt(m.breakdown.perChannelQuantizationBytes)} bytes</dd>
      <dt>Largest scratch buffer</dt><dd>${m.breakdown.largestScratch ? `${formatInt(m.breakdown.largestScratch.bytes)} bytes (${m.breakdown.largestScratch.operator})` : 'none'}</dd>
      ${tflm ? html`<dt>TFLM arena on ${report.deployment!.device}</dt><dd data-arena=${tflm.arenaBytes}>${formatInt(tflm.arenaBytes)} bytes (${tflm.kernels} kernels${tflm.exact ? ', exact' : `, estimate ±${formatInt(tflm.maxErrorBytes ?? 0)}`}); reserved ${formatInt(report.deployment!.arenaBytes)}</dd>` : null}
    </dl>
    ${tflm ? html`<${Mounted} make=${() => arenaChart(parts, Math.max(360, width * 2))} deps=${[report, width]} />` : null}
  </section>`;
}

function OperatorTable({ ops, latency }: { ops: readonly OperatorRow[]; latency: boolean }): VNode {
  return html`<table class="ops" data-table="operators">
    <thead><tr><th>#</th><th>Operator</th><th>Kind</th><th>Fused</th><th class="n">Params</th><th class="n">MACs</th><th class="n">RAM (bytes)</th>${latency ? html`<th class="n">Latency</th>` : null}</tr></thead>
    <tbody>${ops.map((o, i) => html`<tr data-op=${o.name}><td>${i + 1}</td><td class="name" title=${o.name}>${o.name}</td><td>${o.builtin}</td><td class="fused name" title=${o.fused.join(', ')}>${o.fused.join(', ')}</td><td class="n">${formatInt(o.params)}</td><td class="n">${formatInt(o.macs)}</td><td class="n">${formatInt(o.ramBytes)}</td>${latency ? html`<td class="n">${formatMs(o.latencyMs ?? 0)}</td>` : null}</tr>`)}</tbody>
  </table>`;
}

function LayerTable({ report }: { report: AnalysisReport }): VNode {
  return html`<details class="layers"><summary>All ${report.layers.length} layers of the graph (before fusion)</summary>
    <table data-table="layers"><thead><tr><th>Layer</th><th>Op</th><th>Output</th><th class="n">Params</th><th class="n">MACs</th><th class="n">RAM</th><th>Scaled by</th><th>Runs as</th></tr></thead>
    <tbody>${report.layers.map((l) => html`<tr><td class="name" title=${l.name}>${l.name}</td><td>${l.op}</td><td>${l.outputShape.join('×')}</td><td class="n">${formatInt(l.params)}</td><td class="n">${formatInt(l.macs)}</td><td class="n">${l.ramBytes === null ? '—' : formatInt(l.ramBytes)}</td><td>${l.scaling.join(', ')}</td><td class="name" title=${l.deployedAs.join(', ')}>${l.deployedAs.join(', ')}</td></tr>`)}</tbody></table>
  </details>`;
}

/** The report's JSON (exactly `cnn-analyzer analyze --json`), to copy or download. */
function JsonPanel({ json, name }: { json: string; name: string }): VNode {
  const copy = (e: Event): void => {
    const button = e.currentTarget as HTMLButtonElement;
    void navigator.clipboard.writeText(json).then(
      () => (button.textContent = 'Copied'),
      () => (button.textContent = 'Copy failed: select the text below'),
    );
  };
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(json)}`;
  return html`<section class="json">
    <div class="actions"><button type="button" data-action="copy-json" onClick=${copy}>Copy JSON</button> <a class="button" data-action="download-json" href=${href} download=${`${name.replace(/[^A-Za-z0-9._@-]/g, '_')}.json`}>Download JSON</a></div>
    <details><summary>JSON (identical to <code>cnn-analyzer analyze --json</code>)</summary><pre data-json>${json}</pre></details>
  </section>`;
}

/** The scorecard of one analysis. */
export function Scorecard({ report, json, width, note }: { report: AnalysisReport; json: string; width: number; note?: ComponentChildren }): VNode {
  return html`<article class="scorecard" data-name=${report.name}>
    <header><h2>${report.name}</h2><div class="sub">${report.architecture}${report.latency ? ` · ${report.latency.device} (${report.latency.runtime})` : ''}</div>${note}</header>
    <${Totals} report=${report} />
    <${FitChecks} report=${report} />
    <${Charts} report=${report} width=${width} />
    <${Arena} report=${report} width=${width} />
    <h3>Deployed operators (${report.operators.length})</h3>
    <${OperatorTable} ops=${report.operators} latency=${Boolean(report.latency)} />
    <${LayerTable} report=${report} />
    <${JsonPanel} json=${json} name=${report.name} />
  </article>`;
}
