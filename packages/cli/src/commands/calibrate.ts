import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calibrationFile, measuredPoints, refitLatencyModel, type CalibrationFile, type CalibrationPoint, type PointErrors, type Refit } from '@cnn-analyzer/device';
import { boardRuns } from '@cnn-analyzer/model-db';
import { databasePath, withDatabase } from '../database-option.js';
import { defaultCalibrationPath } from '../calibration-option.js';
import { requireDevice } from '../devices.js';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

interface CalibrateOptions {
  runtime?: string;
  db?: string;
  out?: string;
  model: string[];
  json?: boolean;
}

const pct = (e: PointErrors): string => (e.points === 0 ? 'no points' : `${e.mape.toFixed(2)} % MAPE (${e.points} pts${e.worst ? `; worst ${e.worst.label}: ${e.worst.predictedMs.toFixed(3)} vs ${e.worst.measuredMs.toFixed(3)} ms` : ''})`);

/** The text `calibrate` prints about a refit. */
function describeRefit(r: Refit): string[] {
  const lines: string[] = [];
  for (const [what, key] of [['measured', 'measured'], ['shipped', 'shipped']] as const) {
    for (const [split, k] of [['fitted', 'fitted'], ['held-out', 'heldOut']] as const) {
      lines.push(`  ${what} ${split}: before ${pct(r.before[key][k])}`, `  ${' '.repeat(what.length + split.length + 1)}  after  ${pct(r.after[key][k])}`);
    }
  }
  lines.push(`  interval: ± ${(100 * r.before.interval.relative).toFixed(1)} % → ± ${(100 * r.after.interval.relative).toFixed(1)} % (${r.after.interval.basis})`);
  return lines;
}

/** `cnn-analyzer calibrate <board> [--runtime r] [--db file] [--out file] [--model file.tflite ...]` */
export function registerCalibrate(program: Command, ctx: CommandContext): void {
  program
    .command('calibrate')
    .summary('refit a board\'s latency coefficients on the runs `measure` recorded and write a local calibration file')
    .description(
      'Refit the latency model of a board runtime on its shipped calibration data plus the board runs recorded by ' +
        '`cnn-analyzer measure` (the median of each model\'s runs, per operator when the board listed the deployed graph\'s ' +
        'operators one for one, every 4th operator held out; else one whole-model point). Each measured model is rebuilt ' +
        'from its name (a variation name) or read from a --model file with the same SHA-256. Prints the error on fitted and ' +
        'held-out points before and after, and how the interval changed, then writes the calibration file that ' +
        '`analyze --device` uses from then on (default: $CNN_ANALYZER_CALIBRATION_DIR or ./cnn-analyzer.calibration/<board>-<runtime>.json).',
    )
    .argument('<board>', 'the board whose runs to refit on')
    .option('--runtime <runtime>', 'the runtime the runs were made with (default: the board\'s first)')
    .option('--db <file>', 'model database with the runs (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--out <file>', 'calibration file to write (default: ./cnn-analyzer.calibration/<board>-<runtime>.json)')
    .option('--model <file.tflite...>', 'the .tflite files measured, for runs whose name is not a variation name', [])
    .option('--json', 'print the refit as JSON')
    .action((board: string, opts: CalibrateOptions) => {
      const device = requireDevice(board);
      const base = device.latencyModel(opts.runtime);
      if (!base.calibration) throw new UsageError(`calibrate: ${device.name} (${base.runtime}) ships no calibration data to refit with`, 'runtime', base.runtime);
      const runs = withDatabase(opts.db, (db) => boardRuns(db, device.name, base.runtime), { readonly: true });
      if (runs.length === 0) {
        throw new UsageError(`calibrate: no measurements of ${device.name} (${base.runtime}) in ${databasePath(opts.db)}: record some with \`cnn-analyzer measure <model.tflite> --device ${device.name}${opts.runtime ? ` --runtime ${base.runtime}` : ''} --port <tty>\``, 'runtime', base.runtime);
      }
      const files = new Map<string, string>();
      for (const f of opts.model) {
        try {
          files.set(createHash('sha256').update(readFileSync(f)).digest('hex'), f);
        } catch {
          throw new UsageError(`--model: cannot read ${JSON.stringify(f)}`, 'model', f);
        }
      }
      const bySha = new Map<string, typeof runs>();
      for (const r of runs) bySha.set(r.modelSha256, [...(bySha.get(r.modelSha256) ?? []), r]);
      const points: CalibrationPoint[] = [];
      const measured: CalibrationFile['measured'] = [];
      const notes: string[] = [];
      for (const [sha, group] of bySha) {
        const name = group[0]!.name;
        let graph;
        try {
          graph = resolveModel(files.get(sha) ?? name, []).graph;
        } catch {
          notes.push(`skipped ${group.length} runs of ${name} (${sha.slice(0, 12)}…): not a variation name; give the measured file with --model ${name}.tflite`);
          continue;
        }
        const m = measuredPoints(name, graph, group, device.cpu.clockHz, base.calibration.clockHz);
        if (m.note) notes.push(`${name}: ${m.note}`);
        points.push(...m.points);
        measured.push({ name, modelSha256: sha, runs: group.length, ops: m.perOperator ? m.points.length : 0, perOperator: m.perOperator });
      }
      if (points.length === 0) throw new UsageError(`calibrate: none of the ${runs.length} recorded runs of ${device.name} (${base.runtime}) could be used (${notes.join('; ')})`, 'model', undefined);
      let refit: Refit;
      try {
        refit = refitLatencyModel(base, points, `${measured.map((m) => m.name).join(', ')}; ${runs.length} runs in ${databasePath(opts.db)}`);
      } catch (e) {
        // the points leave a term undetermined (e.g. two features that only ever occur together): say which
        throw new UsageError(`calibrate: ${device.name} (${base.runtime}): ${e instanceof Error ? e.message.replace(/^calibration: /, '') : String(e)}; measure more models`, 'runtime', base.runtime);
      }
      const out = opts.out ?? defaultCalibrationPath(device.name, base.runtime);
      const errors = { before: refit.before, after: refit.after };
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(calibrationFile(device, refit.model, measured, errors), null, 2) + '\n');
      if (opts.json) ctx.io.out(JSON.stringify({ device: device.name, runtime: base.runtime, file: out, measured, notes, cycles: refit.model.cycles, ...errors }, null, 2) + '\n');
      else {
        ctx.io.out(
          [
            `${device.name} (${base.runtime} ${base.version}): refit on ${base.calibration.points.length} shipped points and ${points.length} measured (${measured.map((m) => `${m.name}: ${m.runs} runs${m.perOperator ? `, ${m.ops} operators` : ', whole model'}`).join('; ')})`,
            ...notes.map((n) => `  note: ${n}`),
            ...describeRefit(refit),
            `wrote ${out} (analyze --device ${device.name}${opts.runtime ? ` --runtime ${base.runtime}` : ''} uses it${opts.out ? ` with --calibration ${out}` : ''})`,
          ].join('\n') + '\n',
        );
      }
    });
}
