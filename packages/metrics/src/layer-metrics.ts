import { OPS, elementCount, type AnyOpNode, type LayerGraph, type Shape, type WeightSpec } from '@cnn-analyzer/arch-spec';
import { macsOf, flopsOf } from './op-costs.js';

/** Costs of one layer. Byte counts assume int8 activations (1 byte per element). */
export interface LayerMetrics {
  readonly name: string;
  readonly op: AnyOpNode['op'];
  /** Shape of the first input, without the batch axis. */
  readonly inputShape: Shape;
  /** Shapes of every input. */
  readonly inputShapes: readonly Shape[];
  /** Shape of the first output. */
  readonly outputShape: Shape;
  /** Last axis of the first output. */
  readonly outputChannels: number;
  /** Weights and biases, plus 4 per BatchNorm channel (Keras count). */
  readonly params: number;
  readonly trainableParams: number;
  /** Multiply-accumulates of conv, depthwise conv and dense layers; 0 for every other op. */
  readonly macs: number;
  /** Floating-point operations, element ops included (see `op-costs.ts` for the rules). */
  readonly flops: number;
  /** int8 bytes of every output tensor of the layer. */
  readonly activationBytes: number;
}

/** Sums over the whole graph. */
export interface MetricsTotals {
  readonly layers: number;
  readonly params: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly flops: number;
  /** int8 bytes of the graph inputs. */
  readonly inputBytes: number;
  /** Largest single layer output, int8 bytes. */
  readonly maxActivationBytes: number;
}

/** The per-layer table and totals of a graph. */
export interface GraphMetrics {
  readonly layers: readonly LayerMetrics[];
  readonly totals: MetricsTotals;
}

/** Weight tensors of a node, by its op's rule. */
export function nodeWeights(graph: LayerGraph, node: AnyOpNode): WeightSpec[] {
  const def = OPS[node.op] as { weights?: (s: readonly Shape[], a: unknown) => WeightSpec[] };
  return def.weights ? def.weights(node.inputs.map((t) => graph.tensors[t]!.shape), node.attrs) : [];
}

/** Metrics of one layer. */
export function layerMetrics(graph: LayerGraph, node: AnyOpNode): LayerMetrics {
  const inputShapes = node.inputs.map((t) => graph.tensors[t]!.shape);
  const outputShapes = node.outputs.map((t) => graph.tensors[t]!.shape);
  let params = 0;
  let trainableParams = 0;
  for (const w of nodeWeights(graph, node)) {
    const n = elementCount(w.shape);
    params += n;
    if (w.trainable) trainableParams += n;
  }
  const outputShape = outputShapes[0]!;
  return {
    name: node.name,
    op: node.op,
    inputShape: inputShapes[0] ?? [],
    inputShapes,
    outputShape,
    outputChannels: outputShape[outputShape.length - 1] ?? 1,
    params,
    trainableParams,
    macs: macsOf(node, inputShapes, outputShapes),
    flops: flopsOf(node, inputShapes, outputShapes),
    activationBytes: outputShapes.reduce((s, shape) => s + elementCount(shape), 0),
  };
}

/** Per-layer metrics in execution order, and totals. */
export function analyzeGraph(graph: LayerGraph): GraphMetrics {
  const layers = graph.nodes.map((n) => layerMetrics(graph, n));
  let params = 0;
  let trainableParams = 0;
  let macs = 0;
  let flops = 0;
  let maxActivationBytes = 0;
  for (const l of layers) {
    params += l.params;
    trainableParams += l.trainableParams;
    macs += l.macs;
    flops += l.flops;
    maxActivationBytes = Math.max(maxActivationBytes, l.activationBytes);
  }
  return {
    layers,
    totals: {
      layers: layers.length,
      params,
      trainableParams,
      nonTrainableParams: params - trainableParams,
      macs,
      flops,
      inputBytes: graph.inputs.reduce((s, t) => s + elementCount(graph.tensors[t]!.shape), 0),
      maxActivationBytes,
    },
  };
}
