import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { ModelDb } from './database.js';
import { recordAnalysisExtras, type ReportExtras } from './analysis-extras.js';

/** One layer row as `analyze` reports it. */
export interface LayerRecord {
  readonly name: string;
  readonly op: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly outputChannels: number;
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  readonly activationBytes: number;
  /** Working memory while the layer runs (every live buffer), bytes; absent for layers fused away. */
  readonly ramBytes?: number | null;
  readonly latencyMs?: number;
}

/** The totals a variation's record keeps (a subset of the analysis pipeline's typed totals). */
export interface AnalysisRecordTotals {
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  readonly modelSizeBytes?: number;
  readonly bytesPerParam?: number;
  readonly peakMemoryBytes?: number;
  readonly peakOperator?: string;
  readonly arenaBytes?: number;
}

/** What `cnn-analyzer analyze` knows about a variation (its `--json` document). */
export interface AnalysisRecord {
  readonly name: string;
  readonly architecture: string;
  readonly factors: Readonly<Record<string, unknown>> | null;
  readonly layers: readonly LayerRecord[];
  readonly totals: AnalysisRecordTotals;
  readonly latency?: { readonly device: string; readonly runtime: string; readonly totalMs: number; readonly intervalMs?: number; readonly intervalBasis?: string };
  readonly fit?: { readonly fits: boolean };
  /** The rest of the analysis report (deployed operators, memory, deployment, size), kept for the scorecard. */
  readonly operators?: ReportExtras['operators'];
  readonly memory?: unknown;
  readonly deployment?: unknown;
  readonly size?: unknown;
}

const num = (v: number | undefined): number | null => (typeof v === 'number' ? v : null);

/** Record (or refresh) a variation's analysis in one transaction. */
export function recordAnalysis(db: ModelDb, r: AnalysisRecord): void {
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO variations (name, architecture, factors, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET architecture = excluded.architecture, factors = excluded.factors, updated_at = excluded.updated_at`,
    ).run(r.name, r.architecture, JSON.stringify(r.factors ?? {}), now, now);
    const t = r.totals;
    db.prepare(
      `INSERT OR REPLACE INTO metrics (name, params, macs, flops, model_size_bytes, bytes_per_param, peak_memory_bytes, arena_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.name, t.params, t.macs, t.flops, num(t.modelSizeBytes), num(t.bytesPerParam), num(t.peakMemoryBytes), num(t.arenaBytes));
    db.prepare('DELETE FROM layers WHERE name = ?').run(r.name);
    const insert = db.prepare(
      `INSERT INTO layers (name, idx, layer, op, input_shape, output_shape, output_channels, params, macs, flops, activation_bytes, latency_ms, ram_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    r.layers.forEach((l, i) =>
      insert.run(r.name, i, l.name, l.op, JSON.stringify(l.inputShape), JSON.stringify(l.outputShape), l.outputChannels, l.params, l.macs, l.flops, l.activationBytes, l.latencyMs ?? null, l.ramBytes ?? null),
    );
    if (typeof t.peakMemoryBytes === 'number') {
      db.prepare('INSERT OR REPLACE INTO memory_plans (name, ordering, peak_bytes, peak_operator, arena_bytes) VALUES (?, ?, ?, ?, ?)').run(
        r.name, 'default', t.peakMemoryBytes, String(t.peakOperator ?? ''), num(t.arenaBytes) ?? 0,
      );
    }
    if (r.latency && r.fit) {
      db.prepare('INSERT OR REPLACE INTO device_fits (name, device, runtime, latency_ms, fits, report) VALUES (?, ?, ?, ?, ?, ?)').run(
        r.name, r.latency.device, r.latency.runtime, r.latency.totalMs, r.fit.fits ? 1 : 0, JSON.stringify(r.fit),
      );
    }
    recordAnalysisExtras(db, r.name, r);
  }).immediate();
}

/** Record a memory plan of a recorded variation (one row per operator ordering, replaced when planned again). */
export function recordMemoryPlan(db: ModelDb, p: { name: string; ordering: string; peakBytes: number; peakOperator: string; arenaBytes: number }): void {
  db.prepare('INSERT OR REPLACE INTO memory_plans (name, ordering, peak_bytes, peak_operator, arena_bytes) VALUES (?, ?, ?, ?, ?)').run(p.name, p.ordering, p.peakBytes, p.peakOperator, p.arenaBytes);
}

/** A training run of a recorded variation: accuracy of the float model and of its int8 export (fractions 0..1). */
export interface TrainingRunRecord {
  readonly name: string;
  readonly epochs?: number;
  readonly floatAccuracy?: number;
  readonly int8Accuracy?: number;
  readonly notes?: string;
}

/** Record a training run; returns its id. The variation must be recorded already. */
export function recordTrainingRun(db: ModelDb, t: TrainingRunRecord): number {
  const known = db.prepare('SELECT 1 FROM variations WHERE name = ?').get(t.name);
  if (!known) throw new CnnAnalyzerError(`training run: ${JSON.stringify(t.name)} is not in the database (analyze it first)`, 'name', t.name);
  for (const [field, v] of [['floatAccuracy', t.floatAccuracy], ['int8Accuracy', t.int8Accuracy]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new CnnAnalyzerError(`training run: ${field} ${v} is not a fraction from 0 to 1`, field, v);
  }
  if (t.epochs !== undefined && !(Number.isInteger(t.epochs) && t.epochs > 0)) throw new CnnAnalyzerError(`training run: epochs ${t.epochs} is not a positive whole number`, 'epochs', t.epochs);
  const r = db.prepare('INSERT INTO training_runs (name, started_at, epochs, float_accuracy, int8_accuracy, notes) VALUES (?, ?, ?, ?, ?, ?)').run(
    t.name, new Date().toISOString(), t.epochs ?? null, t.floatAccuracy ?? null, t.int8Accuracy ?? null, t.notes ?? null,
  );
  return Number(r.lastInsertRowid);
}

/** Record an exported file of a variation. */
export function recordExport(db: ModelDb, e: { name: string; format: string; path: string; bytes: number; sha256: string }): void {
  db.prepare('INSERT INTO exports (name, format, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(e.name, e.format, e.path, e.bytes, e.sha256, new Date().toISOString());
}
