import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { AnalysisRecord, TrainingRunRecord } from './record.js';
import type { SweepItem, SweepRecord, SweepStatus } from './sweeps.js';
import type { TrainedRunDetails } from './trained-runs.js';
import { extrasOf } from './analysis-extras.js';
import { upsert } from './sql-dialect.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';
import { driverReads, type StoreReads } from './store-reads.js';

/** A file kept outside the database (checkpoint, .tflite), recorded by path and content hash. */
export interface ArtifactRecord {
  readonly name: string;
  /** What the file is: `tflite`, `checkpoint`, … */
  readonly format: string;
  readonly path: string;
  /** Size, bytes. */
  readonly bytes: number;
  readonly sha256: string;
}

/** One variation as stored, with its totals and layer table (the rows two databases are compared on). */
export interface StoredVariation {
  readonly name: string;
  readonly architecture: string;
  readonly factors: string;
  readonly metrics: Readonly<Record<string, SqlValue>>;
  readonly layers: readonly Readonly<Record<string, SqlValue>>[];
}

/**
 * The model database behind an async interface, the same on SQLite and on PostgreSQL: what the job queue's workers
 * and enqueuers record and read. (The synchronous API over SQLite files stays for the other commands.)
 */
export interface ModelStore extends StoreReads {
  /** `sqlite` or `postgres`. */
  readonly dialect: SqlDriver['dialect'];
  /** Record the sweep unless it is there already (every worker may: the first one wins). */
  ensureSweep(s: { id: string; architecture: string; spec: Record<string, unknown>; total: number }): Promise<void>;
  /** Record a finished sweep item and its variation's analysis in one transaction (recorded twice, stored once). */
  recordSweepItem(sweepId: string, item: SweepItem, analysis?: AnalysisRecord): Promise<void>;
  sweepItems(sweepId: string): Promise<SweepItem[]>;
  getSweep(id: string): Promise<SweepRecord | undefined>;
  finishSweep(id: string): Promise<void>;
  recordAnalysis(r: AnalysisRecord): Promise<void>;
  /**
   * Record a queued training run once per job id, with its analysis and artifacts, in one transaction. Returns the
   * run's id, or the first recording's when the job id was recorded already.
   */
  recordQueuedTraining(jobId: string, run: TrainingRunRecord & { readonly details: TrainedRunDetails }, analysis: AnalysisRecord, artifacts: readonly ArtifactRecord[]): Promise<number>;
  /** What a job recorded (its result JSON), or undefined. */
  jobResult(jobId: string): Promise<unknown>;
  /** Training runs of a variation: id, epochs, accuracies. */
  trainingRuns(name: string): Promise<{ id: number; epochs: number | null; float_accuracy: number | null; int8_accuracy: number | null }[]>;
  artifacts(name: string): Promise<ArtifactRecord[]>;
  /** Every variation with its metrics and layers, by name (timestamps left out). */
  variations(): Promise<StoredVariation[]>;
  close(): Promise<void>;
}

const now = (): string => new Date().toISOString();
const num = (v: number | undefined): number | null => (typeof v === 'number' ? v : null);
const finiteJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));

const METRICS = ['name', 'params', 'macs', 'flops', 'model_size_bytes', 'bytes_per_param', 'peak_memory_bytes', 'arena_bytes'];
const LAYERS = ['name', 'idx', 'layer', 'op', 'input_shape', 'output_shape', 'output_channels', 'params', 'macs', 'flops', 'activation_bytes', 'latency_ms', 'ram_bytes'];

async function writeAnalysis(tx: SqlDriver, r: AnalysisRecord): Promise<void> {
  const t = now();
  await tx.run(
    `INSERT INTO variations (name, architecture, factors, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET architecture = excluded.architecture, factors = excluded.factors, updated_at = excluded.updated_at`,
    [r.name, r.architecture, JSON.stringify(r.factors ?? {}), t, t],
  );
  const m = r.totals;
  await tx.run(upsert('metrics', METRICS, ['name']), [r.name, m.params, m.macs, m.flops, num(m.modelSizeBytes), num(m.bytesPerParam), num(m.peakMemoryBytes), num(m.arenaBytes)]);
  await tx.run('DELETE FROM layers WHERE name = ?', [r.name]);
  for (const [i, l] of r.layers.entries()) {
    await tx.run(`INSERT INTO layers (${LAYERS.join(', ')}) VALUES (${LAYERS.map(() => '?').join(', ')})`, [
      r.name, i, l.name, l.op, JSON.stringify(l.inputShape), JSON.stringify(l.outputShape), l.outputChannels, l.params, l.macs, l.flops, l.activationBytes, l.latencyMs ?? null, l.ramBytes ?? null,
    ]);
  }
  if (typeof m.peakMemoryBytes === 'number') {
    await tx.run(upsert('memory_plans', ['name', 'ordering', 'peak_bytes', 'peak_operator', 'arena_bytes'], ['name', 'ordering']), [r.name, 'default', m.peakMemoryBytes, String(m.peakOperator ?? ''), num(m.arenaBytes) ?? 0]);
  }
  const extras = extrasOf(r);
  if (extras) await tx.run(upsert('analysis_extras', ['name', 'device', 'report', 'recorded_at'], ['name', 'device']), [r.name, r.latency?.device ?? '', JSON.stringify(extras), t]);
  if (r.latency && r.fit) {
    await tx.run(upsert('device_fits', ['name', 'device', 'runtime', 'latency_ms', 'fits', 'report'], ['name', 'device', 'runtime']), [
      r.name, r.latency.device, r.latency.runtime, r.latency.totalMs, r.fit.fits ? 1 : 0, JSON.stringify(r.fit),
    ]);
  }
}

function checkRun(t: TrainingRunRecord): void {
  for (const [field, v] of [['floatAccuracy', t.floatAccuracy], ['int8Accuracy', t.int8Accuracy]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new CnnAnalyzerError(`training run: ${field} ${v} is not a fraction from 0 to 1`, field, v);
  }
  if (t.epochs !== undefined && !(Number.isInteger(t.epochs) && t.epochs > 0)) throw new CnnAnalyzerError(`training run: epochs ${t.epochs} is not a positive whole number`, 'epochs', t.epochs);
}

interface SweepRow { id: string; architecture: string; spec: string; total: number; created_at: string; finished_at: string | null }

/** The store over a driver (see {@link openModelStore} for opening one by URL or path). */
export function sqlStore(driver: SqlDriver): ModelStore {
  return {
    ...driverReads(driver),
    dialect: driver.dialect,
    async ensureSweep(s) {
      await driver.run('INSERT INTO sweeps (id, architecture, spec, total, created_at, finished_at) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING', [s.id, s.architecture, JSON.stringify(s.spec), s.total, now()]);
    },
    recordSweepItem: (sweepId, item, analysis) =>
      driver.transaction(async (tx) => {
        if (analysis) await writeAnalysis(tx, analysis);
        await tx.run(upsert('sweep_items', ['sweep_id', 'name', 'factors', 'status', 'reason'], ['sweep_id', 'name']), [sweepId, item.name, JSON.stringify(item.factors), item.status, item.reason]);
      }),
    async sweepItems(sweepId) {
      const rows = await driver.all<{ name: string; factors: string; status: SweepStatus; reason: string | null }>('SELECT name, factors, status, reason FROM sweep_items WHERE sweep_id = ? ORDER BY name', [sweepId]);
      return rows.map((r) => ({ name: r.name, factors: JSON.parse(r.factors) as Record<string, unknown>, status: r.status, reason: r.reason }));
    },
    async getSweep(id) {
      const r = (await driver.all<SweepRow>('SELECT * FROM sweeps WHERE id = ?', [id]))[0];
      return r ? { id: r.id, architecture: r.architecture, spec: JSON.parse(r.spec) as Record<string, unknown>, total: r.total, createdAt: r.created_at, finishedAt: r.finished_at } : undefined;
    },
    async finishSweep(id) {
      await driver.run('UPDATE sweeps SET finished_at = COALESCE(finished_at, ?) WHERE id = ?', [now(), id]);
    },
    recordAnalysis: (r) => driver.transaction((tx) => writeAnalysis(tx, r)),
    recordQueuedTraining: (jobId, run, analysis, artifacts) =>
      driver.transaction(async (tx) => {
        checkRun(run);
        const claimed = await tx.all<{ job_id: string }>('INSERT INTO job_results (job_id, kind, result, finished_at) VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING RETURNING job_id', [jobId, 'train', '{}', now()]);
        if (claimed.length === 0) {
          const prior = await tx.all<{ result: string }>('SELECT result FROM job_results WHERE job_id = ?', [jobId]);
          return (JSON.parse(prior[0]!.result) as { runId: number }).runId;
        }
        await writeAnalysis(tx, analysis);
        const [row] = await tx.all<{ id: number }>('INSERT INTO training_runs (name, started_at, epochs, float_accuracy, int8_accuracy, notes, details) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id', [
          run.name, now(), run.epochs ?? null, run.floatAccuracy ?? null, run.int8Accuracy ?? null, run.notes ?? null, finiteJson(run.details),
        ]);
        for (const a of artifacts) await tx.run('INSERT INTO exports (name, format, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)', [a.name, a.format, a.path, a.bytes, a.sha256, now()]);
        await tx.run('UPDATE job_results SET result = ? WHERE job_id = ?', [JSON.stringify({ runId: row!.id }), jobId]);
        return Number(row!.id);
      }),
    async jobResult(jobId) {
      const r = (await driver.all<{ result: string }>('SELECT result FROM job_results WHERE job_id = ?', [jobId]))[0];
      return r ? (JSON.parse(r.result) as unknown) : undefined;
    },
    trainingRuns: (name) => driver.all('SELECT id, epochs, float_accuracy, int8_accuracy FROM training_runs WHERE name = ? ORDER BY id', [name]),
    artifacts: (name) => driver.all<ArtifactRecord>('SELECT name, format, path, bytes, sha256 FROM exports WHERE name = ? ORDER BY id', [name]),
    async variations() {
      const vs = await driver.all<{ name: string; architecture: string; factors: string }>('SELECT name, architecture, factors FROM variations ORDER BY name');
      const out: StoredVariation[] = [];
      for (const v of vs) {
        const [metrics] = await driver.all<Record<string, SqlValue>>(`SELECT ${METRICS.join(', ')} FROM metrics WHERE name = ?`, [v.name]);
        const layers = await driver.all<Record<string, SqlValue>>(`SELECT ${LAYERS.join(', ')} FROM layers WHERE name = ? ORDER BY idx`, [v.name]);
        out.push({ ...v, metrics: metrics ?? {}, layers });
      }
      return out;
    },
    close: () => driver.close(),
  };
}
