import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { analyzeGraph, type LayerMetrics } from '@cnn-analyzer/metrics';

/** Cost classes of layers as the kernels see them. */
export type CostClass = 'conv' | 'pointwise' | 'depthwise' | 'dense' | 'pool' | 'elementwise' | 'movement' | 'fused';

/** Cycles per unit of work for each cost class (MAC layers per MAC, the rest per output element). */
export type CostCoefficients = Readonly<Record<CostClass, number>>;

/** A runtime's latency model on one core: cycles from per-layer work, divided by the clock. */
export interface LatencyModel {
  /** Runtime and kernel library this models, e.g. `x-cube-ai`, `tflm-reference`, `tflm-cmsis-nn`. */
  readonly runtime: string;
  /** Cycles per MAC (conv, pointwise, depthwise, dense) or per output element (the rest). */
  readonly coefficients: CostCoefficients;
  /** Fixed cycles per invoked operator (interpreter dispatch). */
  readonly perOperatorCycles: number;
  /** Where the coefficients come from. */
  readonly source: string;
}

const FUSED_AFTER_MAC = new Set(['batchNorm', 'relu', 'relu6']);
const MOVEMENT = new Set(['reshape', 'flatten', 'dropout', 'concat', 'channelSplit', 'channelShuffle', 'zeroPadding']);
const POOLS = new Set(['averagePool', 'maxPool', 'globalAveragePool']);

/**
 * The cost class of every layer in execution order. BatchNorm and ReLU/ReLU6 right after a conv,
 * depthwise or dense layer are folded or fused by TFLite's converter and cost nothing at run time.
 */
export function costClasses(graph: LayerGraph): CostClass[] {
  let afterMac = false;
  return graph.nodes.map((n) => {
    if (FUSED_AFTER_MAC.has(n.op) && afterMac) return 'fused';
    afterMac = n.op === 'conv2d' || n.op === 'depthwiseConv2d' || n.op === 'dense';
    if (n.op === 'conv2d') return n.attrs.kernelSize[0] * n.attrs.kernelSize[1] === 1 ? 'pointwise' : 'conv';
    if (n.op === 'depthwiseConv2d') return 'depthwise';
    if (n.op === 'dense') return 'dense';
    if (POOLS.has(n.op)) return 'pool';
    if (MOVEMENT.has(n.op)) return 'movement';
    return 'elementwise';
  });
}

/** Work a layer does for its cost class: MACs for MAC layers, output elements otherwise. */
export function layerWork(layer: LayerMetrics, cls: CostClass): number {
  if (cls === 'fused') return 0;
  if (cls === 'conv' || cls === 'pointwise' || cls === 'depthwise' || cls === 'dense') return layer.macs;
  return layer.activationBytes;
}

/** Per-layer latency in milliseconds at `clockHz`. Fused layers cost 0; every other layer its work plus dispatch. */
export function layerLatencies(model: LatencyModel, graph: LayerGraph, clockHz: number): number[] {
  const classes = costClasses(graph);
  const { layers } = analyzeGraph(graph);
  return layers.map((l, i) => {
    const cls = classes[i]!;
    if (cls === 'fused') return 0;
    const cycles = model.coefficients[cls] * layerWork(l, cls) + model.perOperatorCycles;
    return (cycles / clockHz) * 1000;
  });
}
