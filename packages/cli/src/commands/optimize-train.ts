import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { recordAnalysis, recordTrainedRun, searchTrainingRuns, trainedRunDetails, type ModelDb } from '@cnn-analyzer/model-db';
import { trainShortlist, type Candidate, type CandidateTraining, type Evaluation, type EvaluationStore, type SearchResult, type ShortlistTraining } from '@cnn-analyzer/optimizer';
import { BACKENDS, DEFAULT_TRAIN_CONFIG, scanImageFolder, runTrainJob, type BackendChoice, type TrainConfig } from '@cnn-analyzer/trainer';
import type { Io } from '../io.js';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import { analyzeResolved } from './analyze.js';
import { choiceFlag, numberFlag } from './train.js';

/** `optimize --train-top <k> --data <dir> [--epochs --batch-size --lr --backend --cache --runs <dir>]` as given. */
export interface TrainTopFlags {
  trainTop?: string;
  data?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  backend?: string;
  cache?: string;
  runs?: string;
}

/** The one training setup every shortlisted candidate gets. */
export interface TrainTopSetup {
  readonly k: number;
  readonly data: string;
  readonly config: TrainConfig;
  readonly backend: BackendChoice;
  readonly cache?: string;
  /** Folder of the runs: `<runs>/<candidate name>/`. */
  readonly runs: string;
}

/** Parse and check the training flags before the search runs (a bad data folder fails now, not after the search). */
export function parseTrainTop(f: TrainTopFlags, seed: number): TrainTopSetup | undefined {
  if (f.trainTop === undefined) {
    const stray = (['data', 'epochs', 'batchSize', 'lr', 'backend', 'cache', 'runs'] as const).find((k) => f[k] !== undefined);
    if (stray) throw new UsageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: only applies with --train-top <k>`, stray, f[stray]);
    return undefined;
  }
  const k = numberFlag('train-top', f.trainTop, { int: true, min: 1, max: 1000 });
  if (!f.data) throw new UsageError('--data: --train-top trains on an image folder; give it with --data <dir>', 'data', undefined);
  scanImageFolder(f.data); // one clear line for an empty, one-class or missing folder
  const d = DEFAULT_TRAIN_CONFIG;
  const config: TrainConfig = {
    ...d,
    epochs: numberFlag('epochs', f.epochs ?? String(d.epochs), { int: true, min: 1, max: 100_000 }),
    batchSize: numberFlag('batch-size', f.batchSize ?? String(d.batchSize), { int: true, min: 1, max: 65_536 }),
    lr: numberFlag('lr', f.lr ?? String(d.lr), { min: 1e-9, max: 10 }),
    seed: seed % 2 ** 31,
  };
  return { k, data: f.data, config, backend: choiceFlag<BackendChoice>('backend', f.backend ?? 'auto', BACKENDS), ...(f.cache ? { cache: f.cache } : {}), runs: f.runs ?? '' };
}

/**
 * Wrap a search's evaluation store (or none) so that every evaluation the search reads back or makes is also kept:
 * the pool the shortlist is drawn from.
 */
export function collectingStore(inner: EvaluationStore | undefined): { store: EvaluationStore; seen: Map<string, Evaluation> } {
  const seen = new Map<string, Evaluation>();
  return {
    seen,
    store: {
      get(name) {
        const e = inner?.get(name);
        if (e) seen.set(name, e);
        return e;
      },
      put(e, report) {
        seen.set(e.name, e);
        inner?.put(e, report);
      },
    },
  };
}

/**
 * Train the search's k best candidates with one setup (each exported to int8 and evaluated in TensorFlow Lite),
 * record every run under the search id, and pick the most accurate within the constraints.
 */
export async function trainTop(id: string, result: SearchResult, evaluated: Iterable<Evaluation>, setup: TrainTopSetup, db: ModelDb | undefined, io: Io, progress: boolean): Promise<ShortlistTraining> {
  const runs = setup.runs || join('runs', `search-${id}`);
  return trainShortlist(result, setup.k, async (c: Candidate, i, total) => {
    const again = db ? recordedRun(db, id, c.name, setup) : undefined;
    if (again) {
      if (progress) io.err(`train-top ${i + 1}/${total}: ${c.name} already trained with this setup under the search (run ${again.runId})\n`);
      return again;
    }
    const resolved = resolveModel(c.name);
    if (progress) io.err(`train-top ${i + 1}/${total}: ${c.name} (α ${c.alpha}, ${c.params.toLocaleString('en-US')} params), ${setup.config.epochs} epochs\n`);
    const r = await runTrainJob({
      name: c.name, graph: resolved.graph, dataDir: setup.data, outDir: join(runs, c.name), config: setup.config, backend: setup.backend,
      ...(setup.cache ? { cacheDir: setup.cache } : {}), ...(progress ? { onLog: (line: string) => io.err(`  ${line}\n`) } : {}),
    });
    let runId: number | undefined;
    if (db) {
      recordAnalysis(db, analyzeResolved(resolved).report);
      runId = recordTrainedRun(db, {
        name: c.name, epochs: r.history.length, floatAccuracy: r.float.accuracy, ...(r.int8 ? { int8Accuracy: r.int8.accuracy } : {}),
        notes: `optimize --train-top ${setup.k} (search ${id})`,
        details: { backend: r.backend.name, seed: setup.config.seed, config: setup.config, data: setup.data, images: r.images, classes: r.classes, bestEpoch: r.bestEpoch, curves: r.history, checkpoint: r.checkpoint, searchId: id, ...(r.tflitePath ? { tflite: r.tflitePath } : {}) },
      });
    }
    if (progress) io.err(`  ${c.name}: float ${(r.float.accuracy * 100).toFixed(1)}%${r.int8 ? `, int8 ${(r.int8.accuracy * 100).toFixed(1)}%` : ''}\n`);
    return { floatAccuracy: r.float.accuracy, ...(r.int8 ? { int8Accuracy: r.int8.accuracy } : {}), epochs: r.history.length, checkpoint: r.checkpoint, ...(r.tflitePath ? { tflite: r.tflitePath } : {}), ...(runId !== undefined ? { runId } : {}) };
  }, [...evaluated].map(({ layers: _layers, ...c }) => c));
}

/** A run of this candidate recorded under the search with the same setup whose checkpoint is still there: reused, not retrained. */
function recordedRun(db: ModelDb, id: string, name: string, setup: TrainTopSetup): (CandidateTraining & { reused: true }) | undefined {
  for (const run of searchTrainingRuns(db, id).reverse()) {
    if (run.name !== name || run.floatAccuracy === null) continue;
    const d = trainedRunDetails(db, run.runId)!;
    if (JSON.stringify(d.config) !== JSON.stringify(setup.config) || d.data !== setup.data || !existsSync(d.checkpoint)) continue;
    return { floatAccuracy: run.floatAccuracy, ...(run.int8Accuracy !== null ? { int8Accuracy: run.int8Accuracy } : {}), epochs: run.epoch.length, checkpoint: d.checkpoint, ...(d.tflite ? { tflite: d.tflite } : {}), runId: run.runId, reused: true };
  }
  return undefined;
}

const pct = (v: number | undefined): string => (v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** The trained shortlist as text: one line per candidate, then the most accurate. */
export function trainTopText(t: ShortlistTraining, setup: TrainTopSetup): string {
  const lines = [`  trained the top ${t.runs.length} with one setup (${setup.config.epochs} epochs, batch ${setup.config.batchSize}, lr ${setup.config.lr}, seed ${setup.config.seed}) on ${setup.data}:`];
  for (const r of t.runs) lines.push(`    ${r.candidate.name}  α ${r.candidate.alpha}  ${r.candidate.params.toLocaleString('en-US')} params  float ${pct(r.floatAccuracy)}  int8 ${pct(r.int8Accuracy)}`);
  if (t.best) lines.push(`  most accurate within the constraints: ${t.best.candidate.name} (int8 ${pct(t.best.int8Accuracy)}, float ${pct(t.best.floatAccuracy)})${t.best.tflite ? `, ${t.best.tflite}` : ''}`);
  else lines.push('  no candidate within the constraints to train');
  return lines.join('\n') + '\n';
}
