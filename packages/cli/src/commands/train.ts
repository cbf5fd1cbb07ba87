import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import cliProgress from 'cli-progress';
import { isPostgresUrl, openModelStore, recordAnalysis, recordExport, recordTrainedRun } from '@cnn-analyzer/model-db';
import { BACKENDS, DEFAULT_AUGMENTATION, DEFAULT_TRAIN_CONFIG, NO_AUGMENTATION, OPTIMIZERS, SCHEDULES, formatReport, runTrainJob, type BackendChoice, type TrainConfig, type TrainProgress } from '@cnn-analyzer/trainer';
import { withDatabase } from '../database-option.js';
import { enqueueTraining } from '../queue/enqueue-train.js';
import { collectArtifacts, type TrainJobData } from '../queue/train-jobs.js';
import { InterruptedError } from '../usage-error.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';
import { analyzeResolved } from './analyze.js';
import { trainSource } from './train-source.js';
import type { CommandContext } from './context.js';

interface TrainFlags {
  data?: string;
  out?: string;
  epochs: string;
  batchSize: string;
  lr: string;
  optimizer: string;
  momentum: string;
  weightDecay: string;
  schedule: string;
  augment?: boolean;
  valSplit: string;
  seed: string;
  patience: string;
  backend: string;
  cache?: string;
  resume?: boolean;
  init?: string;
  export: boolean;
  json?: boolean;
  db?: string | false;
  queue?: string;
  detach?: boolean;
  artifacts?: string;
}

/** Parse a number flag: whole (`int`) or real, within [min, max]. */
export function numberFlag(flag: string, raw: string, o: { int?: boolean; min: number; max: number }): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (o.int && !Number.isInteger(v)) || v < o.min || v > o.max) {
    throw new UsageError(`--${flag}: ${JSON.stringify(raw)} must be ${o.int ? 'a whole number' : 'a number'} from ${o.min} to ${o.max}`, flag, raw);
  }
  return v;
}

/** Check a flag against a list of choices. */
export function choiceFlag<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not one of ${choices.join(', ')}`, flag, raw);
  return raw as T;
}

function trainConfig(f: TrainFlags): TrainConfig {
  return {
    epochs: numberFlag('epochs', f.epochs, { int: true, min: 1, max: 100_000 }),
    batchSize: numberFlag('batch-size', f.batchSize, { int: true, min: 1, max: 65_536 }),
    lr: numberFlag('lr', f.lr, { min: 1e-9, max: 10 }),
    optimizer: { name: choiceFlag('optimizer', f.optimizer, OPTIMIZERS), momentum: numberFlag('momentum', f.momentum, { min: 0, max: 0.999999 }), weightDecay: numberFlag('weight-decay', f.weightDecay, { min: 0, max: 0.5 }) },
    schedule: choiceFlag('schedule', f.schedule, SCHEDULES),
    augment: f.augment ? DEFAULT_AUGMENTATION : NO_AUGMENTATION,
    seed: numberFlag('seed', f.seed, { int: true, min: 0, max: 2 ** 31 - 1 }),
    patience: numberFlag('patience', f.patience, { int: true, min: 0, max: 100_000 }),
    bnMomentum: DEFAULT_TRAIN_CONFIG.bnMomentum,
  };
}

/** A progress bar on a terminal; one line per epoch otherwise; JSON lines with `--json`. */
function progressPrinter(io: Io, json: boolean): { onProgress: (p: TrainProgress) => void; stop: () => void } {
  if (json) {
    return { onProgress: (p) => { if (p.kind !== 'step') io.out(JSON.stringify({ event: p.kind, ...p }) + '\n'); }, stop: () => {} };
  }
  const epochLine = (p: Extract<TrainProgress, { kind: 'epoch' }>): string => {
    const r = p.record;
    const val = Number.isNaN(r.valAccuracy) ? '' : `, val loss ${r.valLoss.toFixed(4)}, val accuracy ${(r.valAccuracy * 100).toFixed(1)}%`;
    return `epoch ${r.epoch}/${p.epochs}: lr ${r.lr.toPrecision(3)}, loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(1)}%${val}, ${r.imagesPerSecond.toFixed(1)} images/s\n`;
  };
  if (!io.errIsTTY) return { onProgress: (p) => { if (p.kind === 'epoch') io.err(epochLine(p)); else if (p.kind === 'resumed') io.err(`resumed after epoch ${p.epoch} from ${p.checkpoint}\n`); }, stop: () => {} };
  const bar = new cliProgress.SingleBar({ format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} steps | loss {loss} | accuracy {accuracy} | {ips} images/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onProgress(p) {
      if (p.kind === 'step') {
        const payload = { epoch: p.epoch, epochs: p.epochs, loss: p.loss.toFixed(4), accuracy: `${(p.accuracy * 100).toFixed(1)}%`, ips: p.imagesPerSecond.toFixed(1) };
        if (!started || p.step === 1) {
          if (started) bar.stop();
          bar.start(p.steps, p.step, payload);
          started = true;
        } else bar.update(p.step, payload);
      } else {
        if (started) bar.stop();
        started = false;
        io.err(p.kind === 'epoch' ? epochLine(p) : `resumed after epoch ${p.epoch} from ${p.checkpoint}\n`);
      }
    },
    stop: () => { if (started) bar.stop(); },
  };
}

/** `cnn-analyzer train <name> --data <dir> [--epochs --batch-size --lr --optimizer --schedule --augment --val-split --seed --out <dir>]` */
export function registerTrain(program: Command, ctx: CommandContext): void {
  const d = DEFAULT_TRAIN_CONFIG;
  program
    .command('train')
    .summary('train a variation on an image folder, export it to int8 and evaluate it in TensorFlow Lite')
    .description(
      'Train the variation in TensorFlow.js on an image folder with one sub-folder per class (the Visual Wake Words ' +
        'layout: person/ non_person/), split by train/ val/ test/ sub-folders when present, else 80/10/10 by file-name ' +
        'hash. Images are decoded once into a cache. A checkpoint is written after every epoch (<out>/checkpoints); ' +
        '--resume continues a stopped run to the same weights. The run ends by writing <out>/<name>.tflite (int8, ' +
        'calibrated on training images), evaluating the float and int8 models on the test split, and recording the run.\n' +
        'To fine-tune a trained model, give its float .tflite or TensorFlow.js model.json as <model>, or a compound name ' +
        'and --init <file> (the file must have the variation\'s structure; the first layer that differs is named).',
    )
    .argument('<model>', 'compound name or architecture id (factor flags may follow), or a float .tflite / TensorFlow.js model.json to fine-tune')
    .option('--data <dir>', 'image folder (required)')
    .option('--out <dir>', 'run folder (default: runs/<name>)')
    .option('--epochs <n>', 'epochs', String(d.epochs))
    .option('--batch-size <n>', 'images per step', String(d.batchSize))
    .option('--lr <x>', 'peak learning rate', String(d.lr))
    .option('--optimizer <name>', `${OPTIMIZERS.join(' | ')}`, d.optimizer.name)
    .option('--momentum <x>', 'SGD momentum', '0.9')
    .option('--weight-decay <x>', 'weight decay of kernels (L2 for sgd, decoupled for adam)', '0')
    .option('--schedule <name>', `learning-rate schedule: ${SCHEDULES.join(' | ')}`, d.schedule)
    .option('--augment', 'random flips, crops (80–100 %), brightness ±10 % and contrast ±20 %')
    .option('--val-split <x>', 'fraction held out for validation when there is no val/ folder', '0.1')
    .option('--seed <n>', 'seed of the weights, shuffles, augmentation and dropout', String(d.seed))
    .option('--patience <n>', 'stop after this many epochs without a better validation accuracy (0: never)', String(d.patience))
    .option('--backend <name>', `${BACKENDS.join(' | ')}`, 'auto')
    .option('--cache <dir>', 'folder of decoded-image caches (default: $CNN_ANALYZER_CACHE or ~/.cache/cnn-analyzer/datasets)')
    .option('--init <file>', 'start from the trained float weights of a .tflite or model.json with the structure of <model> (the graph is trained as the file holds it: BatchNorm folded into conv biases by TensorFlow\'s converter stays folded)')
    .option('--resume', 'continue from the last checkpoint in <out>/checkpoints')
    .option('--no-export', 'skip the int8 export and its evaluation')
    .option('--json', 'JSON lines: one per epoch, then the result')
    .option('--db <file|url>', 'model database: SQLite file or postgres://… (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the run')
    .option('--artifacts <dir>', 'copy the .tflite and the final checkpoint here and record them by path and sha256')
    .option('--queue <redis-url>', 'enqueue the training for a `cnn-analyzer worker` (redis://host:port); --out must be a folder the workers share')
    .option('--detach', 'with --queue: enqueue and return without following the job')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (arg: string, f: TrainFlags, cmd: Command) => {
      if (!f.data) throw new UsageError('--data: the image folder is required', 'data', undefined);
      const config = trainConfig(f);
      const valSplit = numberFlag('val-split', f.valSplit, { min: 0, max: 0.49 });
      const backend = choiceFlag<BackendChoice>('backend', f.backend, BACKENDS);
      const { resolved, graph, init } = await trainSource(arg, cmd.args.slice(1), f.init);
      if (init) ctx.io.err(`init: ${graph.nodes.length} layers with their trained weights from ${init.file}\n`);
      const out = f.out ?? join('runs', resolved.name);
      if (f.detach && !f.queue) throw new UsageError('--detach: needs --queue', 'detach', true);
      if (f.queue) {
        if (init || resolved.source !== 'plugin') throw new UsageError('--queue: a queued training takes a compound name or an architecture; training from a model file (--init or a .tflite/model.json) runs in-process for now', 'queue', f.queue);
        if (f.db === false) throw new UsageError('--no-db: a queued training is recorded by the worker in its --db', 'db', false);
        const data: TrainJobData = {
          name: resolved.name, factorArgs: cmd.args.slice(1), dataDir: resolve(f.data), outDir: resolve(out), config, backend, valSplit, exportInt8: f.export,
          ...(f.cache ? { cacheDir: resolve(f.cache) } : {}), ...(f.artifacts ? { artifactsDir: resolve(f.artifacts) } : {})
        };
        let interrupted = false;
        const onSignal = (): void => void (interrupted = true);
        process.once('SIGINT', onSignal);
        try {
          const r = await enqueueTraining(data, {
            queue: f.queue, detach: f.detach ?? false, stopped: () => interrupted,
            onProgress: (p) => (f.json ? ctx.io.out(JSON.stringify(p) + '\n') : p.event === 'epoch' ? ctx.io.err(`epoch ${String(p.epoch)}/${String(p.epochs)}: loss ${Number(p.loss).toFixed(4)}, accuracy ${(Number(p.accuracy) * 100).toFixed(1)}%\n`) : p.event === 'resumed' ? ctx.io.err(`resumed after epoch ${String(p.epoch)}\n`) : undefined),
          });
          if (f.json) ctx.io.out(JSON.stringify({ event: 'job', ...r }) + '\n');
          else if (r.state === 'queued') ctx.io.out(`queued ${resolved.name} as job ${r.job}${f.detach ? '' : ' (stopped following it; it goes on in the workers)'}\n`);
          else if (r.state === 'failed') ctx.io.out(`training ${resolved.name} (job ${r.job}) failed: ${r.error}\n`);
          else ctx.io.out(`trained ${resolved.name} on ${r.result!.backend} for ${r.result!.epochs} epochs (job ${r.job}, run ${r.result!.runId}): float accuracy ${(r.result!.floatAccuracy * 100).toFixed(1)}%${r.result!.int8Accuracy !== undefined ? `, int8 ${(r.result!.int8Accuracy * 100).toFixed(1)}%` : ''}\n`);
          if (r.state === 'failed') throw new UsageError(`train: job ${r.job} failed: ${r.error}`, 'queue', r.job);
          if (interrupted && r.state === 'queued' && !f.detach) throw new InterruptedError(`stopped following job ${r.job}; it goes on in the workers`);
        } finally {
          process.off('SIGINT', onSignal);
        }
        return;
      }
      const progress = progressPrinter(ctx.io, f.json ?? false);
      const result = await runTrainJob({
        name: resolved.name, graph, dataDir: f.data, outDir: out, config, backend, valSplit,
        ...(f.resume ? { resume: true } : {}), ...(init ? { init } : {}), ...(f.cache ? { cacheDir: f.cache } : {}), exportInt8: f.export,
        onProgress: progress.onProgress, onLog: (line) => ctx.io.err(`${line}\n`),
      }).finally(progress.stop);
      if (f.db !== false) {
        const run = {
          name: resolved.name, epochs: result.history.length, floatAccuracy: result.float.accuracy, ...(result.int8 ? { int8Accuracy: result.int8.accuracy } : {}),
          details: { backend: result.backend.name, seed: config.seed, config, data: f.data, images: result.images, classes: result.classes, bestEpoch: result.bestEpoch, curves: result.history, checkpoint: result.checkpoint, ...(init ? { init: init.file } : {}), ...(result.tflitePath ? { tflite: result.tflitePath } : {}) },
        };
        const artifacts = f.artifacts ? collectArtifacts(resolved.name, result, f.artifacts) : [];
        if (f.db !== undefined && isPostgresUrl(f.db)) {
          const store = await openModelStore(f.db);
          try {
            await store.recordQueuedTraining(`train-local-${randomUUID()}`, run, analyzeResolved(resolved).report, artifacts);
          } finally {
            await store.close();
          }
        } else {
          withDatabase(f.db, (db) => {
            recordAnalysis(db, analyzeResolved(resolved).report);
            recordTrainedRun(db, run);
            for (const a of artifacts) recordExport(db, a);
          });
        }
      }
      if (f.json) ctx.io.out(JSON.stringify({ event: 'result', ...result }) + '\n');
      else {
        ctx.io.out(`trained ${resolved.name} on ${result.backend.name} for ${result.history.length} epochs (${result.seconds.toFixed(1)} s); best epoch ${result.bestEpoch}, weights ${result.checkpoint}\n`);
        ctx.io.out(formatReport('float (tfjs), test split', result.float));
        if (result.int8) ctx.io.out(formatReport(`int8 (TensorFlow Lite, ${result.tflitePath}), test split`, result.int8));
      }
    });
}
