import { deployGraph } from '@cnn-analyzer/deployed-graph';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { planGraphOf, workingSet } from '@cnn-analyzer/memory-planner';
import { modelFileBytes } from '@cnn-analyzer/exporter/size';
import { estimateLatency } from '@cnn-analyzer/device';
import { DEPLOY_FILE, type AnalysisInput, type AnalysisOptions } from './analyze.js';
import { boardKernels, deploymentArena } from './arena.js';
import { layerRamBytes } from './layer-ram.js';

const NO_FACTORS: readonly string[] = Object.freeze([]);

/** One layer's figures, as a search attributes a constraint to layers. */
export interface LayerFigure {
  readonly name: string;
  readonly params: number;
  readonly macs: number;
  /** Working memory while it runs, bytes; null for layers fused into another's operator or dropped. */
  readonly ramBytes: number | null;
  /** With a board: estimated latency, ms. */
  readonly latencyMs?: number;
  /** Factors that set its width. */
  readonly scaling: readonly string[];
  readonly outputChannels: number;
}

/** The whole-model figures a constraint check needs, and the per-layer figures behind them. */
export interface VariationFigures {
  readonly params: number;
  readonly macs: number;
  /** Bytes of the int8 .tflite (with a board: the file `deploy` writes). */
  readonly modelSizeBytes: number;
  /** The TFLM arena the deployment reserves, bytes. */
  readonly arenaBytes: number;
  readonly peakMemoryBytes: number;
  /** With a board: estimated latency, ms. */
  readonly latencyMs?: number;
  readonly layers: readonly LayerFigure[];
}

/**
 * The figures of {@link analyze}'s report that decide whether a variation fits — params, MACs, exact model size,
 * TFLM arena, peak memory, latency, and per layer params, MACs, RAM and latency — computed by the same functions
 * without the rest of the report (operator rows, size breakdown, offline placements, arena breakdown, fit report).
 * Equal to the report's figures for the default operator order; what a search or a sweep evaluates.
 */
export function analyzeFigures(input: AnalysisInput, options: Pick<AnalysisOptions, 'device' | 'runtime'> = {}): VariationFigures {
  const { graph } = input;
  const { device } = options;
  const metrics = analyzeGraph(graph);
  const deployed = deployGraph(graph);
  const set = workingSet(planGraphOf(deployed, input.source === 'tflite' ? graph : undefined));
  const kernels = device ? boardKernels(device) : 'reference';
  const { reservedBytes: arenaBytes } = deploymentArena(deployed, kernels, device ? 'tflm' : 'tflite');
  const latency = device ? estimateLatency(device, graph, options.runtime, deployed) : undefined;
  const modelSizeBytes = input.fileBytes ?? modelFileBytes(graph, deployed, device ? DEPLOY_FILE : {});
  const ram = layerRamBytes(deployed, metrics.layers, set.bytes);
  return {
    params: metrics.totals.params,
    macs: metrics.totals.macs,
    modelSizeBytes,
    arenaBytes,
    peakMemoryBytes: set.peakBytes,
    ...(latency ? { latencyMs: latency.totalMs } : {}),
    layers: metrics.layers.map((l, i): LayerFigure => {
      const scaling = graph.scaling?.[l.name] ?? NO_FACTORS;
      return latency
        ? { name: l.name, params: l.params, macs: l.macs, ramBytes: ram[i]!, latencyMs: latency.layerMs[i]!, scaling, outputChannels: l.outputChannels }
        : { name: l.name, params: l.params, macs: l.macs, ramBytes: ram[i]!, scaling, outputChannels: l.outputChannels };
    }),
  };
}
