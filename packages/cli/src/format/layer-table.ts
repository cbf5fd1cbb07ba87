import type { GraphMetrics, LayerMetrics } from '@cnn-analyzer/metrics';
import { formatInt, formatKB, formatShape, renderTable, type Column } from './table.js';

/** Longest layer name the table shows; longer ones (TF converter names run to 300 characters) keep both ends. */
export const MAX_NAME_CHARS = 40;

/**
 * A name cut to {@link MAX_NAME_CHARS} for a terminal table: its start and its end (where TF names keep the op and
 * its index, `…/Conv2D1#22`) around an ellipsis. `--json` keeps every name whole.
 */
export function shortName(name: string, max = MAX_NAME_CHARS): string {
  if (name.length <= max) return name;
  const tail = Math.ceil((max - 1) * 0.65);
  return `${name.slice(0, max - 1 - tail)}…${name.slice(name.length - tail)}`;
}

const LAYER_COLUMNS: readonly Column<LayerMetrics>[] = [
  { header: 'Layer (type)', value: (l) => `${shortName(l.name)} (${l.op})` },
  { header: 'Input', value: (l) => formatShape(l.inputShape) },
  { header: 'Output', value: (l) => formatShape(l.outputShape) },
  { header: 'Ch', align: 'right', value: (l) => String(l.outputChannels) },
  { header: 'Params', align: 'right', value: (l) => formatInt(l.params) },
  { header: 'MACs', align: 'right', value: (l) => formatInt(l.macs) },
  { header: 'FLOPs', align: 'right', value: (l) => formatInt(l.flops) },
  { header: 'Out bytes', align: 'right', value: (l) => formatInt(l.activationBytes) },
];

/**
 * A Keras-summary-like table of every layer followed by the totals. Output bytes are counted as int8; for a model
 * that stores activations in another type (`activationBytes` per element, e.g. 4 for a float .tflite) the largest
 * output is given in that type too.
 */
export function renderLayerTable(title: string, metrics: GraphMetrics, extra: readonly (readonly [string, string])[] = [], latencyMs?: readonly number[], activationBytes = 1, scaling?: readonly string[]): string {
  const t = metrics.totals;
  const rows = metrics.layers.map((l, i) => ({ ...l, latencyMs: latencyMs?.[i], scaling: scaling?.[i] }));
  const columns: Column<LayerMetrics & { latencyMs?: number; scaling?: string }>[] = [
    ...LAYER_COLUMNS,
    ...(scaling ? [{ header: 'Scaled by', value: (l: { scaling?: string }) => l.scaling ?? '' }] : []),
    ...(latencyMs ? [{ header: 'ms', align: 'right' as const, value: (l: { latencyMs?: number }) => (l.latencyMs ?? 0).toFixed(3) }] : []),
  ];
  return [
    `Model: ${title}\n`,
    renderTable(columns, rows),
    '═'.repeat(60) + '\n',
    `Total params:      ${formatInt(t.params)} (trainable ${formatInt(t.trainableParams)}, non-trainable ${formatInt(t.nonTrainableParams)})\n`,
    `MACs:              ${formatInt(t.macs)}\n`,
    `FLOPs:             ${formatInt(t.flops)}\n`,
    `Layers:            ${t.layers}\n`,
    activationBytes === 1
      ? `Largest output:    ${formatInt(t.maxActivationBytes)} bytes (${formatKB(t.maxActivationBytes)}, int8)\n`
      : `Largest output:    ${formatInt(t.maxActivationBytes * activationBytes)} bytes (${formatKB(t.maxActivationBytes * activationBytes)}) as this model stores it, ${formatInt(t.maxActivationBytes)} bytes as int8\n`,
    ...extra.map(([label, value]) => `${`${label}:`.padEnd(19)}${value}\n`),
  ].join('');
}

/**
 * The study's notation for the factors that scale a layer: α and β by their letters, other factors by their name
 * codes (`ll`, `pl`, `t`, `g`, `f`), joined with ×; `-` for a layer no factor scales.
 */
export function scalingLabel(factors: readonly string[], codes: Readonly<Record<string, string | undefined>> = {}): string {
  if (factors.length === 0) return '-';
  return factors.map((f) => (f === 'alpha' ? 'α' : f === 'beta' ? 'β' : (codes[f] ?? f))).join('×');
}
