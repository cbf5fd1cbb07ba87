import type { SortKey, VariationRow } from '@cnn-analyzer/model-db';
import { formatInt, renderTable, type Column } from './table.js';

const count = (v: number | null): string => (v === null ? '-' : formatInt(v));
const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(2));
const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

/** Every metric a row has: header, how to show it, and its value. */
const METRICS: Readonly<Record<Exclude<SortKey, 'name'>, { header: string; show: (v: number | null) => string }>> = {
  params: { header: 'params', show: count },
  macs: { header: 'MACs', show: count },
  flops: { header: 'FLOPs', show: count },
  modelSizeBytes: { header: 'size B', show: count },
  bytesPerParam: { header: 'B/param', show: (v) => (v === null ? '-' : v.toFixed(3)) },
  peakMemoryBytes: { header: 'peak B', show: count },
  arenaBytes: { header: 'arena B', show: count },
  latencyMs: { header: 'latency ms', show: ms },
  int8Accuracy: { header: 'int8 acc', show: pct },
};

const SHOWN: readonly Exclude<SortKey, 'name'>[] = ['params', 'macs', 'modelSizeBytes', 'peakMemoryBytes'];

/**
 * The `list` table: name, params, MACs, size and peak, plus the column it is sorted by, latency when a board's
 * fits were asked for, and int8 accuracy when any row has a training run; ▲/▼ marks the sort column.
 */
export function renderVariations(rows: readonly VariationRow[], sort: SortKey, descending = false): string {
  const mark = descending ? ' ▼' : ' ▲';
  const keys = [...SHOWN];
  if (sort !== 'name' && !keys.includes(sort)) keys.push(sort);
  if (rows.some((r) => r.latencyMs !== null) && !keys.includes('latencyMs')) keys.push('latencyMs');
  if (rows.some((r) => r.int8Accuracy !== null) && !keys.includes('int8Accuracy')) keys.push('int8Accuracy');
  const columns: Column<VariationRow>[] = [
    { header: sort === 'name' ? `name${mark}` : 'name', value: (r) => r.name },
    ...keys.map((k) => ({ header: METRICS[k].header + (k === sort ? mark : ''), align: 'right' as const, value: (r: VariationRow) => METRICS[k].show(r[k]) })),
  ];
  return renderTable(columns, rows);
}

/** A recorded latency of a variation on a board. */
export interface RecordedFit {
  readonly device: string;
  readonly runtime: string;
  readonly latencyMs: number;
}

/** `b − a` as text, with the ratio when both are non-zero: `+12,288 (×1.05)`. */
function difference(a: number | null, b: number | null, show: (v: number | null) => string): string {
  if (a === null || b === null) return '-';
  const d = b - a;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const body = show(Math.abs(d)).replace(/%$/, ' pt');
  return a !== 0 ? `${sign}${body} (×${(b / a).toFixed(2)})` : `${sign}${body}`;
}

/**
 * `compare`: one column per variation in the order given, one row per metric (latency per recorded board,
 * int8 accuracy), and with two variations a last column with the second minus the first.
 */
export function renderComparison(rows: readonly VariationRow[], fits: readonly (readonly RecordedFit[])[]): string {
  type Line = { metric: string; values: (number | null)[]; show: (v: number | null) => string };
  const lines: Line[] = (['params', 'macs', 'flops', 'modelSizeBytes', 'bytesPerParam', 'peakMemoryBytes', 'arenaBytes', 'int8Accuracy'] as const).map((k) => ({
    metric: METRICS[k].header,
    values: rows.map((r) => r[k]),
    show: METRICS[k].show,
  }));
  if (rows.some((r) => r.latencyMs !== null)) lines.push({ metric: 'latency ms', values: rows.map((r) => r.latencyMs), show: ms });
  else {
    const boards = [...new Set(fits.flatMap((f) => f.map((x) => x.device)))].sort();
    for (const board of boards) {
      const best = (f: readonly RecordedFit[]): number | null => {
        const on = f.filter((x) => x.device === board).map((x) => x.latencyMs);
        return on.length ? Math.min(...on) : null;
      };
      lines.push({ metric: `latency ms (${board})`, values: fits.map(best), show: ms });
    }
  }
  const columns: Column<Line>[] = [
    { header: 'metric', value: (l) => l.metric },
    ...rows.map((r, i) => ({ header: r.name, align: 'right' as const, value: (l: Line) => l.show(l.values[i]!) })),
    ...(rows.length === 2 ? [{ header: 'difference', align: 'right' as const, value: (l: Line) => difference(l.values[0]!, l.values[1]!, l.show) }] : []),
  ];
  return renderTable(columns, lines);
}
