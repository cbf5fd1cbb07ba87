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
