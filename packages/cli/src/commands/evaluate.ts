import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { recordAnalysis, recordTrainingRun } from '@cnn-analyzer/model-db';
import { BACKENDS, checkpointInfo, formatReport, latestCheckpoint, runEvaluateJob, type BackendChoice } from '@cnn-analyzer/trainer';
import { withDatabase } from '../database-option.js';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import { analyzeResolved } from './analyze.js';
import { checkpointGraph, tfjsModelName, trainSource } from './train-source.js';
import type { CommandContext } from './context.js';
import { choiceFlag, numberFlag } from './train.js';

interface EvaluateFlags {
  data?: string;
  out?: string;
  tflite?: string;
  valSplit: string;
  backend: string;
  cache?: string;
  json?: boolean;
  db?: string | false;
}

/** `cnn-analyzer evaluate <name|checkpoint.ckpt> --data <dir> [--tflite <file>] [--json]` */
export function registerEvaluate(program: Command, ctx: CommandContext): void {
  program
    .command('evaluate')
    .summary('accuracy of a trained variation on the test split: float in tfjs, int8 in TensorFlow Lite')
    .description(
      'Evaluate a checkpoint (a .ckpt file, or the latest one of runs/<name>/checkpoints) on the test split of an ' +
        'image folder: the float model in TensorFlow.js, and its int8 .tflite — quantized now and calibrated on ' +
        'training images, or the file given with --tflite — in the TensorFlow Lite runtime (WebAssembly). Prints ' +
        'accuracy, per-class precision and recall, and the confusion matrix.',
    )
    .argument('<model>', 'compound name or model file trained with train (its latest checkpoint under --out), or a .ckpt file')
    .option('--data <dir>', 'image folder (required)')
    .option('--out <dir>', 'run folder of a named model (default: runs/<name>)')
    .option('--tflite <file>', 'int8 .tflite to evaluate instead of quantizing the checkpoint')
    .option('--val-split <x>', 'as given to train, so the test split is the same', '0.1')
    .option('--backend <name>', `${BACKENDS.join(' | ')}`, 'auto')
    .option('--cache <dir>', 'folder of decoded-image caches')
    .option('--json', 'print the result as JSON')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the evaluation')
    .action(async (arg: string, f: EvaluateFlags) => {
      if (!f.data) throw new UsageError('--data: the image folder is required', 'data', undefined);
      const valSplit = numberFlag('val-split', f.valSplit, { min: 0, max: 0.49 });
      const backend = choiceFlag<BackendChoice>('backend', f.backend, BACKENDS);
      let checkpoint: string;
      let name: string;
      if (arg.endsWith('.ckpt')) {
        if (!existsSync(arg)) throw new UsageError(`checkpoint ${JSON.stringify(arg)}: not found`, 'model', arg);
        checkpoint = arg;
        name = checkpointInfo(arg).graph;
      } else {
        name = arg.endsWith('.json') ? tfjsModelName(arg) : resolveModel(arg).name;
        const dir = join(f.out ?? join('runs', name), 'checkpoints');
        const found = latestCheckpoint(dir);
        if (!found) throw new UsageError(`evaluate: no checkpoint of ${name} in ${dir} (train it first, or give a .ckpt file)`, 'model', arg);
        checkpoint = found;
      }
      const graph = await checkpointGraph(checkpoint);
      const init = checkpointInfo(checkpoint).init;
      const fromFile = init !== undefined ? (await trainSource(init, [], undefined)).resolved : undefined;
      const resolved = fromFile?.name === name ? fromFile : resolveModel(name);
      const result = await runEvaluateJob({ graph, checkpoint, dataDir: f.data, valSplit, backend, ...(f.tflite ? { tflite: f.tflite } : {}), ...(f.cache ? { cacheDir: f.cache } : {}) });
      if (f.db !== false) {
        withDatabase(f.db, (db) => {
          recordAnalysis(db, analyzeResolved(resolved).report);
          recordTrainingRun(db, { name, epochs: checkpointInfo(checkpoint).epoch, floatAccuracy: result.float.accuracy, int8Accuracy: result.int8.accuracy, notes: `evaluate ${checkpoint} on ${f.data}` });
        });
      }
      if (f.json) ctx.io.out(JSON.stringify({ name, ...result }, null, 2) + '\n');
      else {
        ctx.io.out(`${name}, ${checkpoint} (backend ${result.backend.name})\n`);
        ctx.io.out(formatReport('float (tfjs), test split', result.float));
        ctx.io.out(formatReport('int8 (TensorFlow Lite), test split', result.int8));
      }
    });
}
