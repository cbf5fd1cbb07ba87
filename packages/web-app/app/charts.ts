import * as Plot from '@observablehq/plot';
import type { OperatorRow } from '@cnn-analyzer/analysis';

/** A per-operator figure the scorecard charts. */
export interface OperatorMetric {
  readonly key: 'params' | 'macs' | 'ramBytes' | 'latencyMs';
  readonly title: string;
  /** Axis label with its unit. */
  readonly label: string;
  /** A line drawn across the bars (the peak, a budget), with its label. */
  readonly rule?: { readonly value: number; readonly label: string };
}

/** Longest operator name shown as is on a chart's axis. */
const MAX_LABEL = 14;

const SHORT_KIND: Readonly<Record<string, string>> = { CONV_2D: 'conv', DEPTHWISE_CONV_2D: 'dw', FULLY_CONNECTED: 'fc', AVERAGE_POOL_2D: 'avgpool', MAX_POOL_2D: 'maxpool' };

/**
 * An operator's label on a chart axis: its name when short (a plugin's `conv_pw_1`), else its number in the table and
 * its kind (`#3 dw`) — names read from a .tflite file are tensor paths of a hundred characters.
 */
export function operatorLabel(op: OperatorRow, index: number): string {
  return op.name.length <= MAX_LABEL ? op.name : `#${index + 1} ${SHORT_KIND[op.builtin] ?? op.builtin.toLowerCase()}`;
}

/** Bar colour by TFLite operator kind, so the charts and the table read alike. */
const KIND_DOMAIN = ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'AVERAGE_POOL_2D', 'MEAN', 'ADD', 'SOFTMAX'];

/**
 * One bar per deployed operator (fused BatchNorm and activations are part of their host's bar), labelled by the
 * operator's name, in execution order; the bars' titles carry the exact value.
 */
export function operatorChart(ops: readonly OperatorRow[], metric: OperatorMetric, width: number): SVGSVGElement | HTMLElement {
  const rows = ops.map((o, i) => ({ i, name: operatorLabel(o, i), full: o.name, kind: o.builtin, value: (o[metric.key] as number | undefined) ?? 0 }));
  const names = rows.map((r) => r.name);
  return Plot.plot({
    width,
    height: 240,
    marginBottom: 90,
    marginLeft: 60,
    style: { fontSize: '11px', overflow: 'visible' },
    x: { domain: names, tickRotate: -60, label: null },
    y: { grid: true, label: metric.label, tickFormat: '~s' },
    color: { domain: KIND_DOMAIN, unknown: '#999', legend: false, scheme: 'tableau10' },
    marks: [
      Plot.barY(rows, { x: 'name', y: 'value', fill: 'kind', title: (d: (typeof rows)[number]) => `${d.i + 1} ${d.full} (${d.kind}): ${d.value.toLocaleString('en-US')}` }),
      Plot.ruleY([0]),
      ...(metric.rule ? [Plot.ruleY([metric.rule.value], { stroke: '#c0392b', strokeDasharray: '4 3' }), Plot.text([metric.rule], { x: () => names[names.length - 1], y: 'value', text: 'label', dy: -6, textAnchor: 'end', fill: '#c0392b' })] : []),
    ],
  });
}

/** The operator kinds present, with their colours, for one legend above all charts. */
export function kindLegend(ops: readonly OperatorRow[]): HTMLElement | SVGSVGElement {
  const kinds = KIND_DOMAIN.filter((k) => ops.some((o) => o.builtin === k));
  const other = [...new Set(ops.map((o) => o.builtin).filter((k) => !KIND_DOMAIN.includes(k)))];
  return Plot.legend({ color: { domain: [...kinds, ...other], range: [...kinds.map((k) => colourOf(k)), ...other.map(() => '#999')] }, swatchSize: 12, style: { fontSize: '12px' } });
}

/** The colour a kind gets in {@link operatorChart}. */
function colourOf(kind: string): string {
  const scale = Plot.scale({ color: { domain: KIND_DOMAIN, scheme: 'tableau10' } });
  return String(scale.apply(kind));
}

/** One part of the tensor arena, bytes. */
export interface ArenaPart {
  readonly part: string;
  readonly bytes: number;
}

/** The tensor arena as one stacked bar: the planned head (activations) and the persistent tail by kind. */
export function arenaChart(parts: readonly ArenaPart[], width: number): SVGSVGElement | HTMLElement {
  const rows = parts.filter((p) => p.bytes > 0).map((p) => ({ ...p, arena: 'arena' }));
  return Plot.plot({
    width,
    height: 90,
    marginLeft: 10,
    style: { fontSize: '11px' },
    x: { label: 'bytes', tickFormat: '~s', grid: true },
    y: { axis: null },
    color: { legend: true, domain: rows.map((r) => r.part), scheme: 'set2' },
    marks: [Plot.barX(rows, Plot.stackX({ x: 'bytes', y: 'arena', fill: 'part', title: (d: ArenaPart) => `${d.part}: ${d.bytes.toLocaleString('en-US')} bytes` }))],
  });
}
