import type { Command } from 'commander';
import { analyzeGraph, type GraphMetrics, type LayerMetrics } from '@cnn-analyzer/metrics';
import { memoryReport, type MemoryReport } from '@cnn-analyzer/memory-planner';
import { int8ModelBytes } from '@cnn-analyzer/exporter';
import { estimateLatency, fitReport, type FitReport } from '@cnn-analyzer/device';
import { BUILTIN_DEVICES, requireDevice } from '../devices.js';
import { describeFactors, dtypeBytes } from '@cnn-analyzer/arch-spec';
import { resolveModel, DEFAULT_MODEL, type ResolvedModel } from '../model-spec.js';
import { renderLayerTable, shortName } from '../format/layer-table.js';
import { UsageError } from '../usage-error.js';
import { recordAnalysis } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { formatInt, formatKB } from '../format/table.js';
import { BUILTIN_ARCHITECTURES } from '../architectures.js';
import type { CommandContext } from './context.js';

/** The JSON document `analyze --json` prints. */
export interface AnalyzeReport {
  readonly name: string;
  readonly architecture: string;
  readonly factors: Readonly<Record<string, unknown>> | null;
  /** Every layer; `ramBytes` is the working memory while it runs (null for layers fused into another operator). */
  readonly layers: readonly (LayerMetrics & { readonly ramBytes: number | null; readonly latencyMs?: number })[];
  readonly totals: Readonly<Record<string, number | string>>;
  /** With `--device`: the board, runtime and total estimated latency, ms. */
  readonly latency?: { readonly device: string; readonly runtime: string; readonly totalMs: number };
  /** With `--device`: the fit report against the board and the budgets. */
  readonly fit?: FitReport;
}

/** Analyze one model: build its graph and compute its layer table and totals. */
export function analyzeModel(
  spec: string | undefined,
  factorArgs: readonly string[],
  target?: AnalysisTarget,
): { report: AnalyzeReport; metrics: GraphMetrics; memory: MemoryReport } {
  return analyzeResolved(resolveModel(spec, factorArgs), target);
}

/** A board (and optionally one of its runtimes) to estimate latency and check the fit on. */
export interface AnalysisTarget {
  readonly device: string;
  readonly runtime?: string;
}

/** Analyze a model already built or read: layer table, totals, memory plan and, with a target, latency and fit. */
export function analyzeResolved(model: ResolvedModel, target?: AnalysisTarget): { report: AnalyzeReport; metrics: GraphMetrics; memory: MemoryReport } {
  const metrics = analyzeGraph(model.graph);
  const memory = memoryReport(model.graph, { activations: model.source === 'tflite' ? 'dtype' : 'int8' });
  const modelSizeBytes = model.fileBytes ?? int8ModelBytes(model.graph);
  const size = { modelSizeBytes, bytesPerParam: modelSizeBytes / metrics.totals.params };
  const device = target ? requireDevice(target.device) : undefined;
  const latency = device ? estimateLatency(device, model.graph, target!.runtime) : undefined;
  const fit = device
    ? fitReport(device, { modelBytes: modelSizeBytes, arenaBytes: memory.arenaBytes, peakBytes: memory.peakBytes, macs: metrics.totals.macs })
    : undefined;
  const ram = new Map(memory.timeline.map((t) => [t.operator, t.bytes]));
  const report: AnalyzeReport = {
    name: model.name,
    architecture: model.architecture,
    factors: model.factors,
    layers: metrics.layers.map((l, i) => ({ ...l, ramBytes: ram.get(l.name) ?? null, ...(latency ? { latencyMs: latency.layerMs[i]! } : {}) })),
    totals: { ...metrics.totals, peakMemoryBytes: memory.peakBytes, peakOperator: memory.peakOperator, arenaBytes: memory.arenaBytes, ...size },
    ...(latency ? { latency: { device: latency.device, runtime: latency.runtime, totalMs: latency.totalMs } } : {}),
    ...(fit ? { fit } : {}),
  };
  return { report, metrics, memory };
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
    .option('--db <file>', 'model database to record the analysis in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the analysis')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText('after', factorHelp())
    .action((arg: string | undefined, opts: { json?: boolean; device?: string; runtime?: string; db?: string | false }, cmd: Command) => {
      // `analyze --alpha 0.3` has no model: commander hands the first flag over as the argument.
      const model = arg?.startsWith('-') ? undefined : arg;
      const factorArgs = cmd.args.slice(model === undefined ? 0 : 1);
      if (opts.runtime && !opts.device) throw new UsageError('--runtime: needs --device', 'runtime', opts.runtime);
      const target = opts.device ? { device: opts.device, ...(opts.runtime ? { runtime: opts.runtime } : {}) } : undefined;
      const resolved = resolveModel(model, factorArgs);
      const { report, metrics, memory } = analyzeResolved(resolved, target);
      if (opts.db !== false) withDatabase(opts.db, (db) => recordAnalysis(db, report), { io: ctx.io });
      if (opts.json) ctx.io.out(JSON.stringify(report, null, 2) + '\n');
      else
        ctx.io.out(
          renderLayerTable(`${report.name}  (${report.architecture})`, metrics, [
            ['Peak memory', `${formatInt(memory.peakBytes)} bytes (${formatKB(memory.peakBytes)}) at ${shortName(memory.peakOperator)}`],
            ['TFLM arena', `${formatInt(memory.arenaBytes)} bytes (${formatKB(memory.arenaBytes)})`],
            ['Model size', `${formatInt(Number(report.totals.modelSizeBytes))} bytes (${formatKB(Number(report.totals.modelSizeBytes))}, ${report.architecture === 'tflite' ? 'the .tflite file' : 'int8 .tflite'}), ${Number(report.totals.bytesPerParam).toFixed(3)} bytes/param`],
            ...(report.latency ? [['Latency', `${report.latency.totalMs.toFixed(2)} ms on ${report.latency.device} (${report.latency.runtime}, estimated)`] as const] : []),
            ...(report.fit ? report.fit.checks.map((c) => [`${c.pass ? '✓' : '✗'} ${c.check}`, `${formatInt(c.used)} of ${formatInt(c.limit)} ${c.unit} (margin ${formatInt(c.margin)})`] as const) : []),
            ...(report.fit ? [['Fit', report.fit.fits ? 'fits' : 'does not fit'] as const] : []),
          ], report.latency ? report.layers.map((l) => l.latencyMs ?? 0) : undefined, resolved.source === 'tflite' ? storedActivationBytes(resolved.graph) : 1),
        );
    });
}
