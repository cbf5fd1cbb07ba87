import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import type { Device } from './define-device.js';
import { layerSums, opLatencies } from './latency-model.js';

/** Estimated latency of a model on a board, per deployed operator, per layer and in total, with its interval. */
export interface LatencyEstimate {
  readonly device: string;
  readonly runtime: string;
  /** Per deployed operator in execution order, ms, with the operator's name. */
  readonly opMs: readonly { readonly op: string; readonly ms: number }[];
  /** Per IR layer in graph order, ms: the sum of the operators it owns (0 for fused or dropped layers). */
  readonly layerMs: readonly number[];
  readonly totalMs: number;
  /** Half-width of the interval around `totalMs`, ms (`totalMs ± intervalMs`). */
  readonly intervalMs: number;
  /** How the interval was built. */
  readonly intervalBasis: string;
}

/** Estimate a graph's latency on a device with one of its runtimes (default: the first). */
export function estimateLatency(device: Device, graph: LayerGraph, runtime?: string, deployed: DeployedGraph = deployGraph(graph)): LatencyEstimate {
  const model = device.latencyModel(runtime);
  const ms = opLatencies(model, deployed, device.cpu.clockHz);
  const totalMs = ms.reduce((a, b) => a + b, 0);
  return {
    device: device.name,
    runtime: model.runtime,
    opMs: deployed.ops.map((o, i) => ({ op: o.name, ms: ms[i]! })),
    layerMs: layerSums(graph, deployed, ms),
    totalMs,
    intervalMs: totalMs * model.interval.relative,
    intervalBasis: model.interval.basis,
  };
}
