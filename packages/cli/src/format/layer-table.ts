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
export function renderLayerTable(title: string, metrics: GraphMetrics, extra: readonly (readonly [string, string])[] = [], latencyMs?: readonly number[]): string {
  const t = metrics.totals;
  const rows = metrics.layers.map((l, i) => ({ ...l, latencyMs: latencyMs?.[i] }));
  const columns: Column<LayerMetrics & { latencyMs?: number }>[] = latencyMs
    ? [...LAYER_COLUMNS, { header: 'ms', align: 'right', value: (l) => (l.latencyMs ?? 0).toFixed(3) }]
    : [...LAYER_COLUMNS];
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
