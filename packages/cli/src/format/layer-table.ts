import type { GraphMetrics, LayerMetrics } from '@cnn-analyzer/metrics';
import { formatInt, formatKB, formatShape, renderTable, type Column } from './table.js';

const LAYER_COLUMNS: readonly Column<LayerMetrics>[] = [
  { header: 'Layer (type)', value: (l) => `${l.name} (${l.op})` },
  { header: 'Input', value: (l) => formatShape(l.inputShape) },
  { header: 'Output', value: (l) => formatShape(l.outputShape) },
  { header: 'Ch', align: 'right', value: (l) => String(l.outputChannels) },
  { header: 'Params', align: 'right', value: (l) => formatInt(l.params) },
  { header: 'MACs', align: 'right', value: (l) => formatInt(l.macs) },
  { header: 'FLOPs', align: 'right', value: (l) => formatInt(l.flops) },
  { header: 'Out bytes', align: 'right', value: (l) => formatInt(l.activationBytes) },
];

/** A Keras-summary-like table of every layer followed by the totals. */
export function renderLayerTable(
  title: string,
  metrics: GraphMetrics,
  extra: readonly (readonly [string, string])[] = [],
  latencyMs?: readonly number[],
  scaling?: readonly string[],
): string {
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
    `Largest output:    ${formatInt(t.maxActivationBytes)} bytes (${formatKB(t.maxActivationBytes)}, int8)\n`,
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
