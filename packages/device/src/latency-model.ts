import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { analyzeGraph, type LayerMetrics } from '@cnn-analyzer/metrics';

/** Cost classes of layers as the kernels see them. */
export type CostClass = 'conv' | 'pointwise' | 'depthwise' | 'dense' | 'pool' | 'elementwise' | 'softmax' | 'movement' | 'fused';

/**
 * Cycles per unit of work for each cost class (MAC layers per MAC, the rest per output element).
 * `softmax` is apart from `elementwise` (ADD, MUL, activations): its kernel computes an exponential and
 * a normalization per element, so its cost per element says nothing about an ADD's.
 */
export type CostCoefficients = Readonly<Record<CostClass, number>>;

/** Cycles per byte for some cost classes (a class left out costs nothing for that traffic). */
export type ByteCycles = Readonly<Partial<Record<CostClass, number>>>;

/**
 * A runtime's latency model on one core. Cycles of a layer = coefficient × work (MACs, or output
 * elements for non-MAC layers) + output-byte cycles × activation bytes written + weight-byte cycles ×
 * parameters read + a fixed cost per operator; ms = cycles / clock.
 */
export interface LatencyModel {
  /** Runtime and kernel library this models, e.g. `x-cube-ai`, `tflm-reference`, `tflm-cmsis-nn`. */
  readonly runtime: string;
  /** Cycles per MAC (conv, pointwise, depthwise, dense) or per output element (the rest). */
  readonly coefficients: CostCoefficients;
  /** Fixed cycles per invoked operator (interpreter dispatch). */
  readonly perOperatorCycles: number;
  /** Cycles per int8 byte of output activation, by class (activation memory traffic). @default {} */
  readonly outputByteCycles?: ByteCycles;
  /** Cycles per parameter read (int8 weights, about a byte each), by class: weights streamed from flash. @default {} */
  readonly weightByteCycles?: ByteCycles;
  /** Where the coefficients come from. */
  readonly source: string;
}

/** What a layer costs, by the terms of a latency model. */
export interface LayerCostTerms {
  readonly cls: CostClass;
  /** MACs for MAC layers, output elements otherwise; 0 when fused. */
  readonly work: number;
  /** int8 bytes the layer writes; 0 when fused. */
  readonly outputBytes: number;
  /** Parameters the layer reads (MAC layers only). */
  readonly weightBytes: number;
}

const FUSED_AFTER_MAC = new Set(['batchNorm', 'relu', 'relu6']);
const MOVEMENT = new Set(['reshape', 'flatten', 'dropout', 'concat', 'channelSplit', 'channelShuffle', 'zeroPadding']);
const POOLS = new Set(['averagePool', 'maxPool', 'globalAveragePool']);
const MAC_CLASSES = new Set<CostClass>(['conv', 'pointwise', 'depthwise', 'dense']);

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
    if (n.op === 'softmax') return 'softmax';
    return 'elementwise';
  });
}

/** Work a layer does for its cost class: MACs for MAC layers, output elements otherwise. */
export function layerWork(layer: LayerMetrics, cls: CostClass): number {
  if (cls === 'fused') return 0;
  if (MAC_CLASSES.has(cls)) return layer.macs;
  return layer.activationBytes;
}

/** Every layer's cost terms in graph order. */
export function layerCostTerms(graph: LayerGraph): LayerCostTerms[] {
  const classes = costClasses(graph);
  return analyzeGraph(graph).layers.map((l, i) => {
    const cls = classes[i]!;
    if (cls === 'fused') return { cls, work: 0, outputBytes: 0, weightBytes: 0 };
    return { cls, work: layerWork(l, cls), outputBytes: l.activationBytes, weightBytes: MAC_CLASSES.has(cls) ? l.params : 0 };
  });
}

/**
 * Work per cost class summed over a graph (fused layers left out): what a calibration point records
 * for a measured model, so a plugin's test can check its recorded work against the model's file.
 */
export function workByClass(graph: LayerGraph): Partial<Record<CostClass, number>> {
  const work: Partial<Record<CostClass, number>> = {};
  for (const t of layerCostTerms(graph)) if (t.cls !== 'fused') work[t.cls] = (work[t.cls] ?? 0) + t.work;
  return work;
}

/** Cycles of one layer under a model (fused layers: 0). */
export function layerCycles(model: LatencyModel, t: LayerCostTerms): number {
  if (t.cls === 'fused') return 0;
  return (
    model.coefficients[t.cls] * t.work +
    (model.outputByteCycles?.[t.cls] ?? 0) * t.outputBytes +
    (model.weightByteCycles?.[t.cls] ?? 0) * t.weightBytes +
    model.perOperatorCycles
  );
}

/** Per-layer latency in milliseconds at `clockHz`. Fused layers cost 0; every other layer its terms plus dispatch. */
export function layerLatencies(model: LatencyModel, graph: LayerGraph, clockHz: number): number[] {
  return layerCostTerms(graph).map((t) => (layerCycles(model, t) / clockHz) * 1000);
}
