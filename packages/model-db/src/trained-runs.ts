import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { ModelDb } from './database.js';
import { recordTrainingRun, type TrainingRunRecord } from './record.js';

/** One epoch of a training curve. */
export interface CurvePoint {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
}

/** What `cnn-analyzer train` knows of a run besides its accuracies. */
export interface TrainedRunDetails {
  readonly backend: string;
  readonly seed: number;
  /** Hyper-parameters as the trainer resolved them. */
  readonly config: unknown;
  readonly curves: readonly CurvePoint[];
  readonly checkpoint: string;
  readonly tflite?: string;
  readonly [key: string]: unknown;
}

/** Record a run made by the trainer: accuracies as {@link recordTrainingRun} takes them, and its details as JSON. */
export function recordTrainedRun(db: ModelDb, t: TrainingRunRecord & { readonly details: TrainedRunDetails }): number {
  return db.transaction(() => {
    const id = recordTrainingRun(db, t);
    db.prepare('UPDATE training_runs SET details = ? WHERE id = ?').run(JSON.stringify(t.details, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)), id);
    return id;
  }).immediate();
}

/** The details of a recorded run (undefined for a run logged with `log-training`). */
export function trainedRunDetails(db: ModelDb, id: number): TrainedRunDetails | undefined {
  const row = db.prepare('SELECT details FROM training_runs WHERE id = ?').get(id) as { details: string | null } | undefined;
  if (!row) throw new CnnAnalyzerError(`training run ${id}: not in the database`, 'id', id);
  return row.details === null ? undefined : (JSON.parse(row.details) as TrainedRunDetails);
}

/** A recorded run's per-epoch curves as series a chart plots directly (one array per curve, aligned on `epoch`). */
export interface TrainingCurves {
  readonly runId: number;
  readonly name: string;
  readonly startedAt: string;
  readonly backend: string;
  readonly seed: number;
  /** The search the run trained a candidate of (`optimize --train-top`). */
  readonly searchId?: string;
  /** The model file the run started from (`train --init`). */
  readonly init?: string;
  /** Final accuracies on the test split (fractions 0..1): float in tfjs, int8 in TensorFlow Lite. */
  readonly floatAccuracy: number | null;
  readonly int8Accuracy: number | null;
  /** x axis: 1-based epochs. */
  readonly epoch: readonly number[];
  /** Mean training cross-entropy and accuracy (0..1) per epoch. */
  readonly loss: readonly number[];
  readonly accuracy: readonly number[];
  /** On the validation split; null where there was none. */
  readonly valLoss: readonly (number | null)[];
  readonly valAccuracy: readonly (number | null)[];
  /** Learning rate of each epoch (null for runs recorded before it was kept). */
  readonly lr: readonly (number | null)[];
}

interface RunRow {
  id: number;
  name: string;
  started_at: string;
  float_accuracy: number | null;
  int8_accuracy: number | null;
  details: string;
}

function curvesOf(r: RunRow): TrainingCurves {
  const d = JSON.parse(r.details) as TrainedRunDetails & { searchId?: string; init?: string };
  const pts = d.curves as unknown as readonly Record<string, number | null | undefined>[];
  const col = (k: string): (number | null)[] => pts.map((p) => (typeof p[k] === 'number' ? p[k] : null));
  return {
    runId: r.id, name: r.name, startedAt: r.started_at, backend: d.backend, seed: d.seed,
    ...(d.searchId !== undefined ? { searchId: d.searchId } : {}), ...(d.init !== undefined ? { init: d.init } : {}),
    floatAccuracy: r.float_accuracy, int8Accuracy: r.int8_accuracy,
    epoch: pts.map((p, i) => (typeof p.epoch === 'number' ? p.epoch : i + 1)),
    loss: col('loss').map((v) => v ?? NaN), accuracy: col('accuracy').map((v) => v ?? NaN),
    valLoss: col('valLoss'), valAccuracy: col('valAccuracy'), lr: col('lr'),
  };
}

const RUN_COLUMNS = 'id, name, started_at, float_accuracy, int8_accuracy, details';

/** The curves of every run of a variation that the trainer recorded (runs logged with `log-training` have none), oldest first. */
export function trainingCurves(db: ModelDb, name: string): TrainingCurves[] {
  return (db.prepare(`SELECT ${RUN_COLUMNS} FROM training_runs WHERE name = ? AND details IS NOT NULL ORDER BY id`).all(name) as RunRow[]).map(curvesOf);
}

/** The training runs recorded under a search (`optimize --train-top`), in the order they ran, with their curves. */
export function searchTrainingRuns(db: ModelDb, searchId: string): TrainingCurves[] {
  return (db.prepare(`SELECT ${RUN_COLUMNS} FROM training_runs WHERE details IS NOT NULL AND json_extract(details, '$.searchId') = ? ORDER BY id`).all(searchId) as RunRow[]).map(curvesOf);
}
