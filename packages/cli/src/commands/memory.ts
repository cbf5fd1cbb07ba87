import type { Command } from 'commander';
import { memoryReport, renderTimeline } from '@cnn-analyzer/memory-planner';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { recordAnalysis, recordMemoryPlan } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { analyzeResolved } from './analyze.js';

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
    .option('--kernels <library>', 'kernel scratch buffers to add: reference (none) | cmsis-nn (estimate)', 'reference')
    .option('--json', 'print { peakBytes, peakOperator, arenaBytes, timeline, ... } as JSON')
    .option('--db <file>', 'model database to record the variation and its plan in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record anything')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action((arg: string | undefined, opts: { order: string; kernels: string; json?: boolean; db?: string | false }, cmd: Command) => {
      if (!(ORDERS as readonly string[]).includes(opts.order)) {
        throw new UsageError(`--order: must be one of ${ORDERS.join(' | ')} (got ${JSON.stringify(opts.order)})`, 'order', opts.order);
      }
      if (opts.kernels !== 'reference' && opts.kernels !== 'cmsis-nn') {
        throw new UsageError(`--kernels: must be one of reference | cmsis-nn (got ${JSON.stringify(opts.kernels)})`, 'kernels', opts.kernels);
      }
      const model = arg?.startsWith('-') ? undefined : arg;
      const resolved = resolveModel(model, cmd.args.slice(model === undefined ? 0 : 1));
      const activations = resolved.source === 'tflite' ? 'dtype' : 'int8';
      const report = { ...memoryReport(resolved.graph, { order: opts.order as (typeof ORDERS)[number], activations, kernels: opts.kernels }), name: resolved.name };
      if (opts.db !== false) {
        withDatabase(opts.db, (db) => {
          recordAnalysis(db, analyzeResolved(resolved).report);
          recordMemoryPlan(db, { name: resolved.name, ordering: report.order, peakBytes: report.peakBytes, peakOperator: report.peakOperator, arenaBytes: report.arenaBytes });
        }, { io: ctx.io });
      }
      ctx.io.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : renderTimeline(report));
    });
}
