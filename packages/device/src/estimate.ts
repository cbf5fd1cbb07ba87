import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import type { Device } from './define-device.js';
import { layerLatencies } from './latency-model.js';

/** Estimated latency of a model on a board, per layer and in total. */
export interface LatencyEstimate {
  readonly device: string;
  readonly runtime: string;
  /** Per layer in graph order, ms (0 for fused layers). */
  readonly layerMs: readonly number[];
  readonly totalMs: number;
}

/** Estimate a graph's latency on a device with one of its runtimes (default: the first). */
export function estimateLatency(device: Device, graph: LayerGraph, runtime?: string): LatencyEstimate {
  const model = device.latencyModel(runtime);
  const layerMs = layerLatencies(model, graph, device.cpu.clockHz);
  return { device: device.name, runtime: model.runtime, layerMs, totalMs: layerMs.reduce((a, b) => a + b, 0) };
}
