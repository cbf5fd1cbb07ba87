import type { ModelDb } from './database.js';

export { ANALYSIS_EXTRAS_MIGRATION } from './analysis-extras-schema.js';

/** One deployed operator as the analysis pipeline reports it (TFLite builtin, the IR layers it runs). */
export interface OperatorExtra {
  readonly name: string;
  readonly builtin: string;
  /** IR layer it implements. */
  readonly source: string;
  /** IR layers folded or fused into it. */
  readonly fused: readonly string[];
  readonly kernelClass: string;
  readonly macs: number;
  /** Params of the operator as deployed (BatchNorm folded), count. */
  readonly params: number;
  /** Working memory while it runs, bytes. */
  readonly ramBytes: number;
  /** Estimated latency, ms (with a board). */
  readonly latencyMs?: number;
}

/** Which deployed operators run an IR layer and which factors set its width. */
export interface LayerExtra {
  readonly name: string;
  readonly deployedAs: readonly string[];
  readonly scaling: readonly string[];
}

/** The latency estimate of a board: total ± the half-width of its interval, ms. */
export interface LatencyExtra {
  readonly device: string;
  readonly runtime: string;
  readonly totalMs: number;
  readonly intervalMs?: number;
  readonly intervalBasis?: string;
}

/** What an analysis report carries besides totals and layer rows; kept as the report has it (JSON). */
export interface ReportExtras {
  readonly operators?: readonly OperatorExtra[];
  readonly layers?: readonly LayerExtra[];
  /** The memory summary (order, peak, planned and offline-planned bytes, arena breakdown). */
  readonly memory?: unknown;
  readonly latency?: LatencyExtra;
  /** With a board: the .tflite `deploy` writes and TFLM's arena for it (head, persistent tail by kind, scratch). */
  readonly deployment?: unknown;
  /** Where the model file's bytes go, by section and per layer. */
  readonly size?: unknown;
}

/** What {@link recordAnalysisExtras} reads: an analysis report (or any record; layers may lack the deployed fields). */
export type ExtrasSource = Omit<ReportExtras, 'layers'> & {
  readonly layers?: readonly { readonly name: string; readonly deployedAs?: readonly string[]; readonly scaling?: readonly string[] }[];
};

/** The extras recorded for one variation on one board (`device` is `''` for an analysis without a board). */
export interface AnalysisExtras extends ReportExtras {
  readonly device: string;
  readonly recordedAt: string;
}

/** What an analysis report holds beyond the totals, as recorded; undefined when it has no deployed operators (a record written by hand). */
export function extrasOf(r: ExtrasSource): ReportExtras | undefined {
  if (!Array.isArray(r.operators)) return undefined;
  return {
    operators: r.operators,
    layers: (r.layers ?? []).map((l) => ({ name: l.name, deployedAs: l.deployedAs ?? [], scaling: l.scaling ?? [] })),
    ...(r.memory !== undefined ? { memory: r.memory } : {}),
    ...(r.latency ? { latency: r.latency } : {}),
    ...(r.deployment !== undefined ? { deployment: r.deployment } : {}),
    ...(r.size !== undefined ? { size: r.size } : {}),
  };
}

/**
 * Record what an analysis report holds beyond the totals (nothing when it has no deployed operators, as for a record
 * written by hand). Part of {@link recordAnalysis}'s transaction.
 */
export function recordAnalysisExtras(db: ModelDb, name: string, r: ExtrasSource): void {
  const extras = extrasOf(r);
  if (!extras) return;
  db.prepare('INSERT OR REPLACE INTO analysis_extras (name, device, report, recorded_at) VALUES (?, ?, ?, ?)').run(
    name, r.latency?.device ?? '', JSON.stringify(extras), new Date().toISOString(),
  );
}

/** The extras of a variation, one per board analyzed on (the board-less analysis first, as `device: ''`). */
export function analysisExtras(db: ModelDb, name: string): AnalysisExtras[] {
  return (db.prepare(EXTRAS_QUERY).all(name) as ExtrasRow[]).map(toExtras);
}

/** The statement of {@link analysisExtras}, the name its parameter (both dialects). */
export const EXTRAS_QUERY = 'SELECT device, report, recorded_at FROM analysis_extras WHERE name = ? ORDER BY device';
/** A row of {@link EXTRAS_QUERY}. */
export interface ExtrasRow { device: string; report: string; recorded_at: string }
/** A row of {@link EXTRAS_QUERY} as the API returns it. */
export const toExtras = (r: ExtrasRow): AnalysisExtras => ({ ...(JSON.parse(r.report) as ReportExtras), device: r.device, recordedAt: r.recorded_at });
