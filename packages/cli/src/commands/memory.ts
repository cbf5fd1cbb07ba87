import type { Command } from 'commander';
import { memoryReport, renderTimeline } from '@cnn-analyzer/memory-planner';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { recordAnalysis, recordMemoryPlan } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { analyzeResolved } from './analyze.js';
import { readFileSync } from 'node:fs';
import { readTflite, tflmDescriptionOf } from '@cnn-analyzer/exporter';
import { tflmArena, type TflmArena } from '@cnn-analyzer/memory-planner';
import { exportInt8, parseKernels } from '../export-model.js';
import type { ResolvedModel } from '../model-spec.js';
import type { Io } from '../io.js';

/** TFLM's arena for a model: read from the .tflite file, or from its int8 export (order as given). */
function tflmArenaOf(resolved: ResolvedModel, path: string | undefined, order: 'default' | 'optimal', kernels: ReturnType<typeof parseKernels>, io: Io): TflmArena {
  if (resolved.source === 'tflite' && path) return tflmArena(tflmDescriptionOf(readTflite(readFileSync(path))), { kernels });
  const exported = exportInt8(resolved, { samples: 1, seed: 1, floatIO: false, stripNames: false, order }, io, kernels);
  exported.tfModel.dispose();
  return exported.arena;
}

const ORDERS = ['default', 'optimal'] as const;

/** `cnn-analyzer memory [model] [--order default|optimal] [--json] [--<factor> <value> ...]` */
export function registerMemory(program: Command, ctx: CommandContext): void {
  program
    .command('memory')
    .summary('peak memory, the operator timeline and the TFLM arena of a model')
    .description(
      'Plan the activation memory of a model as its int8 TFLite version runs (conv + BatchNorm + ReLU fused, reshape/flatten ' +
        'in place): the working set at every operator, the peak (the largest working set of any operator), the bytes TFLM\'s GreedyMemoryPlanner ' +
        'would reserve, and an offline placement. --order optimal searches the operator order with the lowest peak ' +
        '(exact where the graph allows, a bounded heuristic otherwise).',
    )
    .argument('[model]', 'compound name, architecture id or .tflite file (default: the reference model)')
    .option('--order <order>', 'default | optimal', 'default')
    .option('--kernels <library>', 'TFLM kernel library: reference (exact) | cmsis-nn | esp-nn (estimates, with a bound)', 'reference')
    .option('--json', 'print { peakBytes, peakOperator, arenaBytes (TFLM\'s arena_used_bytes), tflmArena (head, tail by kind, scratch), plannedArenaBytes, timeline, ... } as JSON')
    .option('--db <file>', 'model database to record the variation and its plan in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record anything')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action((arg: string | undefined, opts: { order: string; kernels: string; json?: boolean; db?: string | false }, cmd: Command) => {
      if (!(ORDERS as readonly string[]).includes(opts.order)) {
        throw new UsageError(`--order: must be one of ${ORDERS.join(' | ')} (got ${JSON.stringify(opts.order)})`, 'order', opts.order);
      }
      const kernels = parseKernels(opts.kernels);
      const model = arg?.startsWith('-') ? undefined : arg;
      const resolved = resolveModel(model, cmd.args.slice(model === undefined ? 0 : 1));
      const activations = resolved.source === 'tflite' ? 'dtype' : 'int8';
      const order = opts.order as (typeof ORDERS)[number];
      const planned = memoryReport(resolved.graph, { order, activations, kernels: kernels === 'reference' ? 'reference' : 'cmsis-nn' });
      const arena = tflmArenaOf(resolved, model, order, kernels, ctx.io);
      const report = { ...planned, name: resolved.name, plannedArenaBytes: planned.arenaBytes, arenaBytes: arena.arenaBytes, tflmArena: arena };
      if (opts.db !== false) {
        withDatabase(opts.db, (db) => {
          recordAnalysis(db, analyzeResolved(resolved).report);
          recordMemoryPlan(db, { name: resolved.name, ordering: report.order, peakBytes: report.peakBytes, peakOperator: report.peakOperator, arenaBytes: report.arenaBytes });
        }, { io: ctx.io });
      }
      const arenaLine = `TFLM arena (${arena.kernels} kernels): ${arena.arenaBytes.toLocaleString('en-US')} bytes = ${arena.headBytes.toLocaleString('en-US')} planned + ${arena.tailBytes.toLocaleString('en-US')} persistent${arena.exact ? ' (exact)' : ` (estimate, ±${arena.maxErrorBytes.toLocaleString('en-US')})`}\n`;
      ctx.io.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : renderTimeline({ ...planned, name: resolved.name }) + arenaLine);
    });
}
