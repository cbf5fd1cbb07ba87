import type { Command } from 'commander';
import { analyze, type Analysis, type AnalysisReport } from '@cnn-analyzer/analysis';
import { BUILTIN_DEVICES } from '../devices.js';
import { calibratedDevice } from '../calibration-option.js';
import { describeFactors, dtypeBytes } from '@cnn-analyzer/arch-spec';
import { resolveModel, DEFAULT_MODEL, type ResolvedModel } from '../model-spec.js';
import { renderLayerTable, scalingLabel, shortName } from '../format/layer-table.js';
import { UsageError } from '../usage-error.js';
import { recordAnalysis } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { formatInt, formatKB } from '../format/table.js';
import { BUILTIN_ARCHITECTURES } from '../architectures.js';
import type { CommandContext } from './context.js';

/** The JSON document `analyze --json` prints: the analysis pipeline's report. */
export type AnalyzeReport = AnalysisReport;

/** A board (and optionally one of its runtimes) to estimate latency and check the fit on. */
export interface AnalysisTarget {
  readonly device: string;
  readonly runtime?: string;
  /** A local calibration file, or false for the plugin's shipped coefficients (default: the file `calibrate` writes, if there). */
  readonly calibration?: string | false;
}

/** Analyze one model named on the command line (compound name, architecture + factor flags, or .tflite file). */
export function analyzeModel(spec: string | undefined, factorArgs: readonly string[], target?: AnalysisTarget): Analysis {
  return analyzeResolved(resolveModel(spec, factorArgs), target);
}

/** Analyze a model already built or read, on a board named by id. */
export function analyzeResolved(model: ResolvedModel, target?: AnalysisTarget): Analysis {
  return analyzeOnTarget(model, target).analysis;
}

/** Analyze on a board, saying which calibration its latency model came from. */
function analyzeOnTarget(model: ResolvedModel, target?: AnalysisTarget): { analysis: Analysis; calibration?: string } {
  const board = target ? calibratedDevice(target.device, target.runtime, target.calibration) : undefined;
  const analysis = analyze(model, { ...(board ? { device: board.device } : {}), ...(target?.runtime ? { runtime: target.runtime } : {}) });
  return { analysis, ...(board ? { calibration: board.calibration } : {}) };
}

/** Bytes per element of the activations a .tflite file stores (the dtype most op outputs have): 4 for a float model. */
function storedActivationBytes(graph: ResolvedModel['graph']): number {
  const count = new Map<number, number>();
  for (const n of graph.nodes) for (const t of n.outputs) {
    const b = dtypeBytes(graph.tensors[t]!.dtype);
    count.set(b, (count.get(b) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 1;
}

function factorHelp(): string {
  const lines = ['', 'Architectures and their factors (flags):'];
  for (const arch of BUILTIN_ARCHITECTURES) {
    lines.push(`  ${arch.name}: ${arch.description}`);
    for (const f of describeFactors(arch)) {
      const code = f.code ? ` [code ${f.code}]` : '';
      lines.push(`    --${f.flag.padEnd(28)} ${f.description}; ${f.range}; default ${JSON.stringify(f.default)}${code}`);
    }
  }
  return lines.join('\n');
}

/** `cnn-analyzer analyze [model] [--json] [--<factor> <value> ...]` */
export function registerAnalyze(program: Command, ctx: CommandContext): void {
  program
    .command('analyze')
    .summary('print the layer table and totals of a model')
    .description(
      `Build a model and print every layer's shapes, params, MACs, FLOPs and int8 output bytes, then the totals.\n` +
        `<model> is a compound name (${DEFAULT_MODEL}), an architecture id followed by factor flags ` +
        `(mobilenet-v1 --alpha 0.3 --loop-length 3), or a .tflite file (any model TensorFlow's converter wrote). With no model, the reference model ${DEFAULT_MODEL} is analyzed.`,
    )
    .argument('[model]', 'compound name, architecture id or .tflite file', undefined)
    .option('--json', 'print one JSON object instead of the table')
    .option('--device <board>', `estimate per-layer latency and check the fit on a board (${BUILTIN_DEVICES.map((d) => d.name).join(', ')})`)
    .option('--runtime <runtime>', 'the board runtime whose latency model to use (default: the board\'s first)')
    .option('--calibration <file>', 'latency calibration file from `cnn-analyzer calibrate` (default: $CNN_ANALYZER_CALIBRATION_DIR or ./cnn-analyzer.calibration/<board>-<runtime>.json when it exists)')
    .option('--no-calibration', 'use the board plugin\'s shipped latency coefficients')
    .option('--db <file>', 'model database to record the analysis in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the analysis')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText('after', factorHelp())
    .action((arg: string | undefined, opts: { json?: boolean; device?: string; runtime?: string; calibration?: string | false; db?: string | false }, cmd: Command) => {
      // `analyze --alpha 0.3` has no model: commander hands the first flag over as the argument.
      const model = arg?.startsWith('-') ? undefined : arg;
      const factorArgs = cmd.args.slice(model === undefined ? 0 : 1);
      if (opts.runtime && !opts.device) throw new UsageError('--runtime: needs --device', 'runtime', opts.runtime);
      if (typeof opts.calibration === 'string' && !opts.device) throw new UsageError('--calibration: needs --device', 'calibration', opts.calibration);
      const target = opts.device ? { device: opts.device, ...(opts.runtime ? { runtime: opts.runtime } : {}), ...(opts.calibration !== undefined ? { calibration: opts.calibration } : {}) } : undefined;
      const resolved = resolveModel(model, factorArgs);
      const { analysis, calibration } = analyzeOnTarget(resolved, target);
      const { report, metrics, memory } = analysis;
      if (opts.db !== false) withDatabase(opts.db, (db) => recordAnalysis(db, report), { io: ctx.io });
      if (opts.json) ctx.io.out(JSON.stringify(report, null, 2) + '\n');
      else
        ctx.io.out(
          renderLayerTable(`${report.name}  (${report.architecture})`, metrics, [
            ['Peak memory', `${formatInt(memory.peakBytes)} bytes (${formatKB(memory.peakBytes)}) at ${shortName(memory.peakOperator)}`],
            ['TFLM arena', `${formatInt(report.totals.arenaBytes)} bytes (${formatKB(report.totals.arenaBytes)})`],
            ['Model size', `${formatInt(report.totals.modelSizeBytes)} bytes (${formatKB(report.totals.modelSizeBytes)}, ${report.architecture === 'tflite' ? 'the .tflite file' : 'int8 .tflite'}), ${report.totals.bytesPerParam.toFixed(3)} bytes/param`],
            ...(report.size ? [['File bytes', fileSections(report.size)] as const] : []),
            ...(report.deployment ? [['Deployed', `${formatInt(report.deployment.modelBytes)} bytes of model (names stripped), ${formatInt(report.deployment.arenaBytes)}-byte arena (${report.deployment.kernels} kernels)`] as const] : []),
            ...(report.latency ? [['Latency', `${report.latency.totalMs.toFixed(2)} ms ± ${report.latency.intervalMs.toFixed(2)} on ${report.latency.device} (${report.latency.runtime}, estimated; ${report.latency.intervalBasis})`] as const, ['Calibration', calibration === 'shipped' || calibration === undefined ? 'shipped with the board plugin' : `local file ${calibration} (from cnn-analyzer calibrate)`] as const] : []),
            ...(report.fit ? report.fit.checks.map((c) => [`${c.pass ? '✓' : '✗'} ${c.check}`, `${formatInt(c.used)} of ${formatInt(c.limit)} ${c.unit} (margin ${formatInt(c.margin)})`] as const) : []),
            ...(report.fit ? [['Fit', report.fit.fits ? 'fits' : 'does not fit'] as const] : []),
          ], report.latency ? report.layers.map((l) => l.latencyMs ?? 0) : undefined, resolved.source === 'tflite' ? storedActivationBytes(resolved.graph) : 1, scalingColumn(report)),
        );
    });
}

/** Where the model file's bytes go, and what stripping names saves (or saved, for the stripped deploy file). */
function fileSections(size: NonNullable<AnalysisReport['size']>): string {
  const z = size.sections;
  const parts = [`weights ${formatInt(z.weights)}`, `biases ${formatInt(z.biases)}`, `quantization ${formatInt(z.quantization)}`, `names/metadata ${formatInt(z.namesAndMetadata)}`, `tables ${formatInt(z.tables)}`, `other constants ${formatInt(z.otherConstants)}`, `padding ${formatInt(z.padding)}`];
  const strip = size.file === 'export' ? `--strip-names saves ${formatInt(size.stripNamesSavesBytes)}` : `names stripped (${formatInt(size.stripNamesSavesBytes)} saved)`;
  return `${parts.join(', ')} bytes; ${strip}`;
}

/** The "Scaled by" column: per layer, the factors that set its width in the plugin's notation; none for .tflite files. */
function scalingColumn(report: AnalysisReport): string[] | undefined {
  const arch = BUILTIN_ARCHITECTURES.find((a) => a.name === report.architecture);
  if (!arch) return undefined;
  return report.layers.map((l) => scalingLabel(l.scaling, arch.codes as Record<string, string | undefined>));
}
