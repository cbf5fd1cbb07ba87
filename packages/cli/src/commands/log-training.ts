import type { Command } from 'commander';
import { getVariation, recordTrainingRun } from '@cnn-analyzer/model-db';
import { DB_HELP, withDatabase } from '../database-option.js';
import { recordedName } from '../model-name.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

/** `88.8%`, `0.888` → 0.888. */
function parseAccuracy(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(raw.trim());
  const v = m ? Number(m[2] ? `${m[1]}e-2` : m[1]) : NaN; // 85.4e-2 is exactly 0.854, 85.4 / 100 is not
  if (!(v >= 0 && v <= 1)) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not an accuracy like 0.888 or 88.8%`, flag, raw);
  return v;
}

/** `cnn-analyzer log-training <name> --int8-accuracy 88.8% [--float-accuracy] [--epochs] [--notes]` */
export function registerLogTraining(program: Command, ctx: CommandContext): void {
  program
    .command('log-training')
    .summary('record a training run of a variation (accuracy of the float and int8 models)')
    .description('Record how a variation trained, so lists, comparisons and the dashboard can rank by accuracy. The variation must be in the database (analyze or sweep it first).')
    .argument('<name>', 'compound name of a recorded variation (any spelling that parses)')
    .option('--float-accuracy <acc>', 'accuracy of the float model, e.g. 0.891 or 89.1%')
    .option('--int8-accuracy <acc>', 'accuracy of the int8 .tflite model, e.g. 0.888 or 88.8%')
    .option('--epochs <n>', 'epochs trained')
    .option('--notes <text>', 'dataset, split, anything worth keeping')
    .option('--db <file>', DB_HELP.db)
    .option('--check', DB_HELP.check)
    .option('--json', 'print { id, run, name } of the recorded run as JSON (run counts the variation\'s runs)')
    .action((given: string, o: { floatAccuracy?: string; int8Accuracy?: string; epochs?: string; notes?: string; db?: string; check?: boolean; json?: boolean }) => {
      const floatAccuracy = parseAccuracy('float-accuracy', o.floatAccuracy);
      const int8Accuracy = parseAccuracy('int8-accuracy', o.int8Accuracy);
      if (floatAccuracy === undefined && int8Accuracy === undefined) throw new UsageError('log-training: give --float-accuracy and/or --int8-accuracy', 'accuracy', undefined);
      if (o.epochs !== undefined && !/^[1-9]\d{0,6}$/.test(o.epochs)) throw new UsageError(`--epochs: ${JSON.stringify(o.epochs)} is not a positive whole number`, 'epochs', o.epochs);
      let name = given;
      let run = 0;
      const id = withDatabase(o.db, (db) => {
        name = recordedName(db, given, 'log-training');
        const recorded = recordTrainingRun(db, {
          name,
          ...(o.epochs ? { epochs: Number(o.epochs) } : {}),
          ...(floatAccuracy !== undefined ? { floatAccuracy } : {}),
          ...(int8Accuracy !== undefined ? { int8Accuracy } : {}),
          ...(o.notes ? { notes: o.notes } : {}),
        });
        run = getVariation(db, name)?.trainingRuns.length ?? 0; // numbered per variation; the id is the database's
        return recorded;
      }, { create: false, check: o.check ?? false, io: ctx.io });
      ctx.io.out(o.json ? JSON.stringify({ id, run, name }) + '\n' : `training run ${run} of ${name} recorded (id ${id})\n`);
    });
}
