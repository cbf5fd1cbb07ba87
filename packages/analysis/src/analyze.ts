import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import { analyzeGraph, type GraphMetrics } from '@cnn-analyzer/metrics';
import { planGraphOf, planReport, type MemoryReport } from '@cnn-analyzer/memory-planner';
import { modelFileSizes, type ModelSizeOptions } from '@cnn-analyzer/exporter/size';
import { DEFAULT_BUDGETS, estimateLatency, fitReport, type Budgets, type Device } from '@cnn-analyzer/device';
import type { AnalysisReport, DeploymentFootprint, LayerRow, ModelFileSize, OperatorRow } from './report.js';
import { boardKernels, deploymentArena } from './arena.js';
import { layerRamBytes } from './layer-ram.js';

/** How `deploy` writes the model for a board: tensor names and metadata stripped to save flash. */
export const DEPLOY_WRITE_OPTIONS = { stripNames: true, stripMetadata: true } as const;

/** The file `deploy` writes by default: stripped, for TFLM (`--target tflm`: the biases' unread quantization dropped). */
export const DEPLOY_FILE: ModelSizeOptions = { ...DEPLOY_WRITE_OPTIONS, target: 'tflm' };

/** A model to analyze: a graph built by a plugin, or imported from a .tflite file. */
export interface AnalysisInput {
  /** Canonical compound name, or the file name. */
  readonly name: string;
  /** Plugin id, or `tflite` for a file. */
  readonly architecture: string;
  readonly factors: Readonly<Record<string, unknown>> | null;
  readonly graph: LayerGraph;
  readonly source: 'plugin' | 'tflite';
  /** Bytes of the .tflite file, when the model is one (its size is then the file's). */
  readonly fileBytes?: number;
}

/** What to analyze against. */
export interface AnalysisOptions {
  /** A board: latency per layer, the deployment footprint and the fit report. */
  readonly device?: Device;
  /** The board runtime whose latency model to use (default: the board's first). */
  readonly runtime?: string;
  /** Operator order of the memory plan. @default 'default' */
  readonly order?: 'default' | 'optimal';
  /** Budgets of the fit report. @default the study's 250 KB / 250 KB / 60 M MACs */
  readonly budgets?: Budgets;
}

/** The report and the intermediate results it was computed from (for callers that print more). */
export interface Analysis {
  readonly report: AnalysisReport;
  readonly metrics: GraphMetrics;
  readonly deployed: DeployedGraph;
  readonly memory: MemoryReport;
}

/**
 * Analyze one variation: lower it to the deployed operators, then compute every figure from that one description —
 * per-layer metrics, the memory plan and arena, the exact int8 model size, and with a board the latency per
 * operator, what deploying takes and whether it fits.
 */
export function analyze(input: AnalysisInput, options: AnalysisOptions = {}): Analysis {
  const { graph } = input;
  const metrics = analyzeGraph(graph);
  const deployed = deployGraph(graph);
  const plan = planGraphOf(deployed, input.source === 'tflite' ? graph : undefined);
  const kernels = options.device ? boardKernels(options.device) : 'reference';
  const memory = planReport(plan, { order: options.order ?? 'default', kernels: kernels === 'cmsis-nn' ? 'cmsis-nn' : 'reference' });
  // With a board, the file deploy writes (`--target tflm`) on the board's kernels; without, the file export writes.
  const { arena: tflm, reservedBytes: arena } = deploymentArena(deployed, kernels, options.device ? 'tflm' : 'tflite', options.order === 'optimal' ? memory.operators : undefined);
  const latency = options.device ? estimateLatency(options.device, graph, options.runtime, deployed) : undefined;
  // With a board, the model is the file `deploy` writes; without, the file `export` writes (in the plan's order).
  const size = input.fileBytes === undefined ? fileSize(input, deployed, options.device ? DEPLOY_FILE : {}, options.order === 'optimal' ? memory.operators : undefined) : undefined;
  const deployment: DeploymentFootprint | undefined = options.device
    ? { device: options.device.name, kernels, modelBytes: input.fileBytes ?? size!.fileBytes, arenaBytes: arena, tflmArena: tflm }
    : undefined;
  const modelSizeBytes = deployment?.modelBytes ?? input.fileBytes ?? size!.fileBytes;
  const fit = options.device
    ? fitReport(options.device, { modelBytes: deployment!.modelBytes, arenaBytes: arena, peakBytes: memory.peakBytes, macs: metrics.totals.macs }, options.budgets ?? DEFAULT_BUDGETS)
    : undefined;

  const ramByOp = new Map(memory.timeline.map((t) => [t.operator, t.bytes]));
  const operators: OperatorRow[] = deployed.ops.map((o, i) => ({
    name: o.name,
    builtin: o.builtin,
    source: o.source,
    fused: o.fused,
    kernelClass: o.kernelClass,
    macs: o.macs,
    params: o.params,
    ramBytes: ramByOp.get(o.name) ?? 0,
    ...(latency ? { latencyMs: latency.opMs[i]!.ms } : {}),
  }));
  const ram = layerRamBytes(deployed, metrics.layers, deployed.ops.map((o) => ramByOp.get(o.name) ?? 0));
  const layers: LayerRow[] = metrics.layers.map((l, i) => ({
    ...l,
    ramBytes: ram[i]!,
    ...(latency ? { latencyMs: latency.layerMs[i]! } : {}),
    deployedAs: (deployed.opsOf[l.name] ?? []).map((k) => deployed.ops[k]!.name),
    scaling: graph.scaling?.[l.name] ?? [],
  }));
  const report: AnalysisReport = {
    name: input.name,
    architecture: input.architecture,
    factors: input.factors,
    layers,
    operators,
    totals: {
      ...metrics.totals,
      peakMemoryBytes: memory.peakBytes,
      peakOperator: memory.peakOperator,
      arenaBytes: arena,
      modelSizeBytes,
      bytesPerParam: modelSizeBytes / metrics.totals.params,
    },
    memory: {
      order: memory.order,
      peakBytes: memory.peakBytes,
      peakOperator: memory.peakOperator,
      plannedBytes: memory.arenaBytes,
      offlinePlannedBytes: memory.offlineArenaBytes,
      breakdown: memory.breakdown,
    },
    ...(latency ? { latency: { device: latency.device, runtime: latency.runtime, totalMs: latency.totalMs, intervalMs: latency.intervalMs, intervalBasis: latency.intervalBasis } } : {}),
    ...(deployment ? { deployment } : {}),
    ...(fit ? { fit } : {}),
    ...(size ? { size } : {}),
  };
  return { report, metrics, deployed, memory };
}

/** The exact size and breakdown of the file written for a plugin-built graph, and what stripping names saves on it. */
function fileSize(input: AnalysisInput, deployed: DeployedGraph, file: ModelSizeOptions, order: readonly string[] | undefined): ModelFileSize {
  const stripped = file.stripNames === true;
  const [breakdown, other] = modelFileSizes(input.graph, deployed, { ...file, ...(order ? { operatorOrder: order } : {}) }, [file, { stripNames: !stripped, stripMetadata: !stripped }]);
  const saves = stripped ? other!.fileBytes - breakdown!.fileBytes : breakdown!.fileBytes - other!.fileBytes;
  return { ...breakdown!, file: stripped ? 'deploy' : 'export', stripNamesSavesBytes: saves };
}
