import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { jobId, type JobProcessor, type NewJob } from '@cnn-analyzer/job-queue';
import type { ArtifactRecord, ModelStore } from '@cnn-analyzer/model-db';
import type { BackendChoice, TrainConfig, TrainJobResult } from '@cnn-analyzer/trainer';
import { analyzeModel } from '../commands/analyze.js';

/** A variation to train: what `cnn-analyzer train` was given, with paths made absolute. */
export interface TrainJobData {
  readonly name: string;
  /** Factor flags after the name, as `train` got them. */
  readonly factorArgs: readonly string[];
  readonly dataDir: string;
  /** Run folder (checkpoints/, the .tflite): on storage every worker sees, so another one resumes from it. */
  readonly outDir: string;
  readonly config: TrainConfig;
  readonly backend: BackendChoice;
  readonly valSplit: number;
  readonly exportInt8: boolean;
  readonly cacheDir?: string;
  /** Where copies of the .tflite and the final checkpoint go, recorded by path and sha256. */
  readonly artifactsDir?: string;
  /** Where the runner searches its plugin configuration: the worker's folder (set by the worker, not the enqueuer). */
  readonly pluginCwd?: string;
}

/** The job of a training: its id a hash of the variation, the data, the split and the training config (seed included). */
export function trainJob(data: TrainJobData): NewJob<TrainJobData> {
  return { id: jobId('train', { name: data.name, data: data.dataDir, config: data.config, valSplit: data.valSplit, export: data.exportInt8 }), name: data.name, data };
}

/** What a training job returns (and `train --queue` prints). */
export interface TrainJobSummary {
  readonly name: string;
  readonly runId: number;
  readonly backend: string;
  readonly epochs: number;
  readonly floatAccuracy: number;
  readonly int8Accuracy?: number;
  readonly checkpoint: string;
  readonly tflite?: string;
  readonly artifacts: readonly ArtifactRecord[];
}

/** The built runner script beside this module in dist/, or the package's dist/ when running from src/. */
function runnerScript(): string {
  for (const candidate of ['./train-runner.js', '../../dist/train-runner.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return file;
  }
  throw new CnnAnalyzerError('training jobs need the built CLI: run `npm run build` at the repository root', 'worker', undefined);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Copy `file` into `dir` (when given) and describe it by path, size and hash. */
function artifact(name: string, format: string, file: string, dir: string | undefined): ArtifactRecord {
  let path = resolve(file);
  if (dir) {
    mkdirSync(dir, { recursive: true });
    path = join(resolve(dir), basename(file));
    copyFileSync(file, path);
  }
  return { name, format, path, bytes: statSync(path).size, sha256: sha256(path) };
}

/** A run's .tflite and final checkpoint, copied into `dir` when given, by path, size and sha256. */
export function collectArtifacts(name: string, result: Pick<TrainJobResult, 'tflitePath' | 'checkpoint'>, dir: string | undefined): ArtifactRecord[] {
  return [...(result.tflitePath ? [artifact(name, 'tflite', result.tflitePath, dir)] : []), artifact(name, 'checkpoint', result.checkpoint, dir)];
}

/** Run the training in a child process (tfjs blocks its thread for a whole run; the worker must keep its job lock alive). */
function runChild(data: TrainJobData, onProgress: (p: Record<string, unknown>) => void): Promise<TrainJobResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [runnerScript()], { stdio: ['pipe', 'pipe', 'pipe'] });
    let result: TrainJobResult | undefined;
    let error: string | undefined;
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const msg = JSON.parse(line) as { event: string } & Record<string, unknown>;
        if (msg.event === 'result') result = msg.result as TrainJobResult;
        else if (msg.event === 'error') error = String(msg.message);
        else onProgress(msg);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (code === 0 && result) done(result);
      else fail(new Error(error ?? `training ${data.name} ended with ${signal ?? `exit code ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no message'}`));
    });
    child.stdin.end(JSON.stringify(data));
  });
}

/**
 * The worker's processor of training jobs: train (resuming from the run folder's last checkpoint, which is how a
 * job taken back from a killed worker goes on), copy the artifacts, record the run once per job id.
 */
export function trainProcessor(store: ModelStore, backend?: BackendChoice, pluginCwd?: string): JobProcessor<TrainJobData, TrainJobSummary> {
  return async (job, ctx) => {
    const data: TrainJobData = { ...job, ...(backend ? { backend } : {}), pluginCwd };
    const result = await runChild(data, (p) => void ctx.progress(p));
    const report = analyzeModel(data.name, data.factorArgs).report;
    const artifacts = collectArtifacts(data.name, result, data.artifactsDir);
    const runId = await store.recordQueuedTraining(ctx.id, {
      name: data.name, epochs: result.history.length, floatAccuracy: result.float.accuracy, ...(result.int8 ? { int8Accuracy: result.int8.accuracy } : {}),
      details: { backend: result.backend.name, seed: data.config.seed, config: data.config, data: data.dataDir, images: result.images, classes: result.classes, bestEpoch: result.bestEpoch, curves: result.history, checkpoint: result.checkpoint, ...(result.tflitePath ? { tflite: result.tflitePath } : {}), job: ctx.id },
    }, report, artifacts);
    return {
      name: data.name, runId, backend: result.backend.name, epochs: result.history.length, floatAccuracy: result.float.accuracy,
      ...(result.int8 ? { int8Accuracy: result.int8.accuracy } : {}), checkpoint: result.checkpoint, ...(result.tflitePath ? { tflite: result.tflitePath } : {}), artifacts,
    };
  };
}
