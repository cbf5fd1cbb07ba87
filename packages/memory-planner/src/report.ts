import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deploymentView, type DeploymentViewOptions } from './deployment-view.js';
import { lifetimes, type PlanGraph } from './plan-graph.js';
import { peakMemory, type TimelineEntry } from './peak.js';
import { greedyArena } from './greedy-arena.js';
import { offlinePlacement } from './offline-placement.js';
import { optimalOrder, type ReorderOptions } from './reorder.js';
import { arenaBreakdown, type ArenaBreakdown, type KernelLibrary } from './arena-breakdown.js';

/** The JSON document of `cnn-analyzer memory`. */
export interface MemoryReport {
  readonly name: string;
  readonly order: 'default' | 'optimal';
  /** Peak working set, bytes (MISSION.md's definition). */
  readonly peakBytes: number;
  readonly peakOperator: string;
  /** Bytes TFLM's GreedyMemoryPlanner reserves for the activation buffers (16-byte aligned). */
  readonly arenaBytes: number;
  /** A better offline placement's bytes, and the ordering that gave it. */
  readonly offlineArenaBytes: number;
  readonly offlineStrategy: string;
  /** Peak of the listed order, bytes (equals `peakBytes` for `order: 'default'`). */
  readonly defaultPeakBytes: number;
  /** How the order was found: `listed`, or the reorder search's `exact` / `heuristic`. */
  readonly method: 'listed' | 'exact' | 'heuristic';
  /** Operator names in execution order. */
  readonly operators: readonly string[];
  /** Activations, kernel scratch and the persistent bytes we can count. */
  readonly breakdown: ArenaBreakdown;
  readonly timeline: readonly TimelineEntry[];
}

export interface MemoryReportOptions extends DeploymentViewOptions, ReorderOptions {
  /** `default`: the graph's order; `optimal`: the peak-minimizing order. @default 'default' */
  readonly order?: 'default' | 'optimal';
  /** Kernel library whose scratch buffers the breakdown adds. @default 'reference' */
  readonly kernels?: KernelLibrary;
}

/** Peak memory, timeline and arena of a plan graph. */
export function planReport(plan: PlanGraph, options: MemoryReportOptions = {}): MemoryReport {
  const reordered = options.order === 'optimal' ? optimalOrder(plan, options) : undefined;
  const order = reordered?.order ?? plan.ops.map((_, i) => i);
  const peak = peakMemory(plan, order);
  const spans = lifetimes(plan, order);
  const offline = offlinePlacement(spans);
  return {
    name: plan.name,
    order: options.order ?? 'default',
    peakBytes: peak.peakBytes,
    peakOperator: peak.peakOperator,
    arenaBytes: greedyArena(spans).arenaBytes,
    offlineArenaBytes: offline.arenaBytes,
    offlineStrategy: offline.strategy,
    defaultPeakBytes: reordered?.defaultPeakBytes ?? peak.peakBytes,
    method: reordered?.method ?? 'listed',
    operators: order.map((i) => plan.ops[i]!.name),
    breakdown: arenaBreakdown(plan, spans, order, options.kernels),
    timeline: peak.timeline,
  };
}

/** Memory report of a layer graph as deployed (fused int8 operators). */
export function memoryReport(graph: LayerGraph, options: MemoryReportOptions = {}): MemoryReport {
  return planReport(deploymentView(graph, options), options);
}

/** The timeline as a text table with a bar per operator (`█` scaled to the peak). */
export function renderTimeline(report: MemoryReport, width = 40): string {
  const nameWidth = Math.max(8, ...report.timeline.map((e) => e.operator.length));
  const lines = [`Memory: ${report.name} (order: ${report.order}, ${report.method})`, `${'#'.padStart(3)}  ${'operator'.padEnd(nameWidth)}  ${'bytes'.padStart(9)}  live buffers`];
  for (const e of report.timeline) {
    const bar = '█'.repeat(Math.max(1, Math.round((e.bytes / Math.max(report.peakBytes, 1)) * width)));
    const mark = e.operator === report.peakOperator ? ' ◀ peak' : '';
    lines.push(`${String(e.step).padStart(3)}  ${e.operator.padEnd(nameWidth)}  ${e.bytes.toLocaleString('en-US').padStart(9)}  ${bar}${mark}`);
  }
  const kb = (b: number): string => `${b.toLocaleString('en-US')} bytes (${(b / 1024).toFixed(1)} KB)`;
  lines.push(
    '',
    `Peak memory:        ${kb(report.peakBytes)} at ${report.peakOperator}`,
    `TFLM greedy arena:  ${kb(report.arenaBytes)}`,
    `Offline placement:  ${kb(report.offlineArenaBytes)} (${report.offlineStrategy})`,
  );
  if (report.order === 'optimal') lines.push(`Listed-order peak:  ${kb(report.defaultPeakBytes)}`);
  const b = report.breakdown;
  if (b.kernels !== 'reference') lines.push(`With ${b.kernels} scratch: ${kb(b.nonPersistentBytes)}${b.largestScratch ? ` (largest ${b.largestScratch.bytes} B at ${b.largestScratch.operator})` : ''}`);
  lines.push(`Per-channel quantization data (persistent): ${kb(b.perChannelQuantizationBytes)}`);
  return lines.join('\n') + '\n';
}
