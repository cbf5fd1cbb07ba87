import type { ModelDb } from './database.js';
import { listVariations, type VariationRow } from './query.js';

/** One recorded layer, as `analyze` reported it. */
export interface LayerDetail {
  readonly index: number;
  readonly name: string;
  readonly op: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly outputChannels: number;
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  readonly activationBytes: number;
  /** Working memory while it runs, bytes; null for layers fused into another operator. */
  readonly ramBytes: number | null;
  /** Estimated latency on the recorded board, ms; null without one. */
  readonly latencyMs: number | null;
}

/** A recorded memory plan of one operator ordering. */
export interface MemoryPlanDetail {
  readonly ordering: string;
  readonly peakBytes: number;
  readonly peakOperator: string;
  readonly arenaBytes: number;
}

/** A recorded fit on one board and runtime, with its fit report's checks. */
export interface DeviceFitDetail {
  readonly device: string;
  readonly runtime: string;
  readonly latencyMs: number;
  readonly fits: boolean;
  readonly checks: readonly { readonly check: string; readonly used: number; readonly limit: number; readonly margin: number; readonly pass: boolean; readonly unit: string }[];
}

/** A recorded export. */
export interface ExportDetail {
  readonly format: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly createdAt: string;
}

/** A recorded training run. */
export interface TrainingRunDetail {
  readonly id: number;
  readonly startedAt: string;
  readonly epochs: number | null;
  readonly floatAccuracy: number | null;
  readonly int8Accuracy: number | null;
  readonly notes: string | null;
}

/** Everything recorded about one variation, typed: what `show --json` prints and the dashboard's API serves. */
export interface VariationDetail {
  readonly row: VariationRow;
  readonly layers: readonly LayerDetail[];
  readonly memoryPlans: readonly MemoryPlanDetail[];
  readonly deviceFits: readonly DeviceFitDetail[];
  readonly exports: readonly ExportDetail[];
  readonly trainingRuns: readonly TrainingRunDetail[];
}

const shape = (json: string): number[] => JSON.parse(json) as number[];

/** The statements of {@link variationDetail} after its list row, each with the name as its one parameter (both dialects). */
export const DETAIL_QUERIES = {
  layers: 'SELECT * FROM layers WHERE name = ? ORDER BY idx',
  plans: 'SELECT ordering, peak_bytes, peak_operator, arena_bytes FROM memory_plans WHERE name = ? ORDER BY ordering',
  fits: 'SELECT device, runtime, latency_ms, fits, report FROM device_fits WHERE name = ? ORDER BY device, runtime',
  exports: 'SELECT format, path, bytes, sha256, created_at FROM exports WHERE name = ? ORDER BY id',
  runs: 'SELECT id, started_at, epochs, float_accuracy, int8_accuracy, notes FROM training_runs WHERE name = ? ORDER BY id',
} as const;

/** The rows of {@link DETAIL_QUERIES}, by key. */
export type DetailRows = { readonly [K in keyof typeof DETAIL_QUERIES]: readonly Record<string, unknown>[] };

/** A variation's detail from its list row and the rows of {@link DETAIL_QUERIES}. */
export function detailOf(row: VariationRow, rows: DetailRows): VariationDetail {
  const plans = rows.plans as { ordering: string; peak_bytes: number; peak_operator: string; arena_bytes: number }[];
  const fits = rows.fits as { device: string; runtime: string; latency_ms: number; fits: number; report: string }[];
  const exports = rows.exports as { format: string; path: string; bytes: number; sha256: string; created_at: string }[];
  const runs = rows.runs as { id: number; started_at: string; epochs: number | null; float_accuracy: number | null; int8_accuracy: number | null; notes: string | null }[];
  return {
    row,
    layers: rows.layers.map((l) => ({
      index: l.idx as number,
      name: l.layer as string,
      op: l.op as string,
      inputShape: shape(l.input_shape as string),
      outputShape: shape(l.output_shape as string),
      outputChannels: l.output_channels as number,
      params: l.params as number,
      macs: l.macs as number,
      flops: l.flops as number,
      activationBytes: l.activation_bytes as number,
      ramBytes: (l.ram_bytes as number | null | undefined) ?? null,
      latencyMs: (l.latency_ms as number | null | undefined) ?? null,
    })),
    memoryPlans: plans.map((p) => ({ ordering: p.ordering, peakBytes: p.peak_bytes, peakOperator: p.peak_operator, arenaBytes: p.arena_bytes })),
    deviceFits: fits.map((f) => {
      const report = JSON.parse(f.report) as { checks?: DeviceFitDetail['checks'] };
      return { device: f.device, runtime: f.runtime, latencyMs: f.latency_ms, fits: f.fits === 1, checks: report.checks ?? [] };
    }),
    exports: exports.map((e) => ({ format: e.format, path: e.path, bytes: e.bytes, sha256: e.sha256, createdAt: e.created_at })),
    trainingRuns: runs.map((r) => ({ id: r.id, startedAt: r.started_at, epochs: r.epochs, floatAccuracy: r.float_accuracy, int8Accuracy: r.int8_accuracy, notes: r.notes })),
  };
}

/** Everything recorded about one variation (camelCase, parsed shapes, booleans as booleans), or undefined. */
export function variationDetail(db: ModelDb, name: string): VariationDetail | undefined {
  const [row] = listVariations(db, { names: [name] });
  if (!row) return undefined;
  const q = (sql: string): Record<string, unknown>[] => db.prepare(sql).all(name) as Record<string, unknown>[];
  const d = DETAIL_QUERIES;
  return detailOf(row, { layers: q(d.layers), plans: q(d.plans), fits: q(d.fits), exports: q(d.exports), runs: q(d.runs) });
}

/** One architecture in the database: how many variations it has and which factors they vary. */
export interface ArchitectureSummary {
  readonly architecture: string;
  readonly count: number;
  readonly factors: readonly string[];
}

/** The statement {@link architecturesOf} reads (both dialects). */
export const ARCHITECTURES_QUERY = 'SELECT architecture, factors FROM variations ORDER BY architecture';

/** Architectures from the rows of {@link ARCHITECTURES_QUERY}. */
export function architecturesOf(rows: readonly { architecture: string; factors: string }[]): ArchitectureSummary[] {
  const out = new Map<string, { architecture: string; count: number; factors: Set<string> }>();
  for (const r of rows) {
    const a = out.get(r.architecture) ?? { architecture: r.architecture, count: 0, factors: new Set<string>() };
    a.count++;
    for (const k of Object.keys(JSON.parse(r.factors) as object)) a.factors.add(k);
    out.set(r.architecture, a);
  }
  return [...out.values()].map((a) => ({ architecture: a.architecture, count: a.count, factors: [...a.factors] }));
}

/** Architectures in the database, with how many variations each has and which factors they vary. */
export function recordedArchitectures(db: ModelDb): ArchitectureSummary[] {
  return architecturesOf(db.prepare(ARCHITECTURES_QUERY).all() as { architecture: string; factors: string }[]);
}
