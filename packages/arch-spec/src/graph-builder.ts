import { GraphError } from './errors.js';
import type { AnyOpNode, LayerGraph, Shape, TensorInfo } from './ir.js';
import type { OpAttrs, OpType } from './ops/attrs.js';
import { inferNode } from './infer.js';

type Pair = number | readonly [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Options of a 2-D convolution; Keras defaults: stride 1, "valid", bias on, 1 group. */
export interface Conv2dOptions {
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  padding?: 'same' | 'valid';
  groups?: number;
  useBias?: boolean;
}

/** Options of a depthwise convolution; Keras defaults: stride 1, "valid", bias on, multiplier 1. */
export interface DepthwiseConv2dOptions {
  kernelSize: Pair;
  strides?: Pair;
  padding?: 'same' | 'valid';
  depthMultiplier?: number;
  useBias?: boolean;
}

/** Options of a windowed pool; strides default to the pool size (Keras). */
export interface PoolOptions {
  poolSize: Pair;
  strides?: Pair;
  padding?: 'same' | 'valid';
}

const KERAS_PREFIX: Record<OpType, string> = {
  conv2d: 'conv2d',
  depthwiseConv2d: 'depthwise_conv2d',
  dense: 'dense',
  batchNorm: 'batch_normalization',
  relu: 're_lu',
  relu6: 're_lu6',
  hardSwish: 'hard_swish',
  hardSigmoid: 'hard_sigmoid',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  add: 'add',
  multiply: 'multiply',
  concat: 'concatenate',
  channelSplit: 'channel_split',
  channelShuffle: 'channel_shuffle',
  globalAveragePool: 'global_average_pooling2d',
  averagePool: 'average_pooling2d',
  maxPool: 'max_pooling2d',
  reshape: 'reshape',
  flatten: 'flatten',
  dropout: 'dropout',
  zeroPadding: 'zero_padding2d',
};

/**
 * Builds a {@link LayerGraph} op by op, inferring every shape as it goes, so an
 * architecture plugin reads like a Keras functional model. Methods return tensor names.
 */
export class GraphBuilder {
  private readonly tensors = new Map<string, TensorInfo>();
  private readonly nodes: AnyOpNode[] = [];
  /** Layer names in use (a multi-output layer's name is not a tensor name). */
  private readonly nodeNames = new Set<string>();
  /** The layer that produces each tensor. */
  private readonly producer = new Map<string, AnyOpNode>();
  private readonly inputNames: string[] = [];
  private readonly counters = new Map<string, number>();
  /** Factors that set each tensor's channel count (see {@link GraphBuilder.scale}). */
  private readonly widthOf = new Map<string, readonly string[]>();

  constructor(readonly name: string) {}

  /** Declare a graph input of the given shape (no batch axis). */
  input(shape: Shape, name = 'input'): string {
    this.claim(name);
    this.tensors.set(name, Object.freeze({ name, shape: Object.freeze([...shape]), dtype: 'float32' as const }));
    this.inputNames.push(name);
    return name;
  }

  /** Shape of a tensor already in the graph. */
  shape(tensor: string): Shape {
    const t = this.tensors.get(tensor);
    if (!t) throw new GraphError(`${this.name}: unknown tensor ${JSON.stringify(tensor)}`, 'tensor', tensor);
    return t.shape;
  }

  /** Channel count (last axis) of a tensor. */
  channels(tensor: string): number {
    const s = this.shape(tensor);
    return s[s.length - 1]!;
  }

  /** Append any op; returns its output tensor names. */
  op<T extends OpType>(op: T, inputs: readonly string[], attrs: OpAttrs[T], name?: string): string[] {
    const layer = name ?? this.autoName(op);
    this.claim(layer);
    const inputShapes: Shape[] = new Array<Shape>(inputs.length);
    for (let i = 0; i < inputs.length; i++) inputShapes[i] = this.shape(inputs[i]!);
    const outShapes = inferNode(this.name, layer, op, inputShapes, attrs);
    const outputs: string[] = outShapes.length === 1 ? [layer] : outShapes.map((_, i) => `${layer}:${i}`);
    for (const t of outputs) {
      if (this.tensors.has(t)) throw new GraphError(`${this.name}: the name ${JSON.stringify(t)} is used twice`, 'name', t);
    }
    // Convolutions and dense layers set their own width (none until `scale` says which factors); every other op
    // keeps or joins the widths of its inputs.
    const inherited = op === 'conv2d' || op === 'dense' ? NO_FACTORS : this.joinedWidth(inputs);
    const node = Object.freeze({ name: layer, op, attrs: freezeAttrs(attrs), inputs: Object.freeze([...inputs]), outputs: Object.freeze(outputs) }) as AnyOpNode;
    for (let i = 0; i < outputs.length; i++) {
      const t = outputs[i]!;
      this.tensors.set(t, Object.freeze({ name: t, shape: Object.freeze(outShapes[i]!), dtype: 'float32' as const }));
      this.widthOf.set(t, inherited);
      this.producer.set(t, node);
    }
    this.nodes.push(node);
    this.nodeNames.add(layer);
    return [...outputs];
  }

  /**
   * Record which factors set a layer's width (output channels): the study's "scaling factors" column. Layers that
   * only keep or join their inputs' widths (depthwise, BN, activations, concat…) inherit them without a call; call
   * this for convolutions and dense layers. Returns the layer's (first) output tensor, so it wraps a builder call:
   * `x = g.scale(g.conv2d(x, …), 'alpha', 'beta')`.
   */
  scale(tensor: string, ...factors: readonly (string | readonly string[])[]): string {
    const node = this.producer.get(tensor);
    if (!node) throw new GraphError(`${this.name}: scale: no layer produces ${JSON.stringify(tensor)}`, 'tensor', tensor);
    const width = union(factors.map((f) => (typeof f === 'string' ? [f] : f)));
    Object.freeze(width);
    for (const t of node.outputs) this.widthOf.set(t, width);
    return tensor;
  }

  /** The union of the inputs' width factors; an input's own list when the others add nothing. */
  private joinedWidth(inputs: readonly string[]): readonly string[] {
    let joined: readonly string[] = NO_FACTORS;
    for (const t of inputs) {
      const w = this.widthOf.get(t) ?? NO_FACTORS;
      if (w === joined || w.length === 0) continue;
      joined = joined.length === 0 ? w : union([joined, w]);
    }
    return joined;
  }

  /** Factors that set a tensor's channel count (inputs: none). */
  widthFactors(tensor: string): readonly string[] {
    return this.widthOf.get(tensor) ?? [];
  }

  conv2d(x: string, o: Conv2dOptions, name?: string): string {
    const attrs: OpAttrs['conv2d'] = {
      filters: o.filters,
      kernelSize: pair(o.kernelSize),
      strides: pair(o.strides ?? 1),
      padding: o.padding ?? 'valid',
      groups: o.groups ?? 1,
      useBias: o.useBias ?? true,
    };
    return this.op('conv2d', [x], attrs, name)[0]!;
  }

  depthwiseConv2d(x: string, o: DepthwiseConv2dOptions, name?: string): string {
    const attrs: OpAttrs['depthwiseConv2d'] = {
      kernelSize: pair(o.kernelSize),
      strides: pair(o.strides ?? 1),
      padding: o.padding ?? 'valid',
      depthMultiplier: o.depthMultiplier ?? 1,
      useBias: o.useBias ?? true,
    };
    return this.op('depthwiseConv2d', [x], attrs, name)[0]!;
  }

  dense(x: string, units: number, o: { useBias?: boolean } = {}, name?: string): string {
    return this.op('dense', [x], { units, useBias: o.useBias ?? true }, name)[0]!;
  }

  /** Batch normalization; `epsilon` defaults to Keras' 0.001. */
  batchNorm(x: string, o: { epsilon?: number } = {}, name?: string): string {
    return this.op('batchNorm', [x], { epsilon: o.epsilon ?? 1e-3 }, name)[0]!;
  }

  relu(x: string, name?: string): string {
    return this.op('relu', [x], {}, name)[0]!;
  }
  relu6(x: string, name?: string): string {
    return this.op('relu6', [x], {}, name)[0]!;
  }
  hardSwish(x: string, name?: string): string {
    return this.op('hardSwish', [x], {}, name)[0]!;
  }
  hardSigmoid(x: string, name?: string): string {
    return this.op('hardSigmoid', [x], {}, name)[0]!;
  }
  sigmoid(x: string, name?: string): string {
    return this.op('sigmoid', [x], {}, name)[0]!;
  }
  softmax(x: string, name?: string): string {
    return this.op('softmax', [x], { axis: -1 }, name)[0]!;
  }
  add(xs: readonly string[], name?: string): string {
    return this.op('add', xs, {}, name)[0]!;
  }
  multiply(xs: readonly string[], name?: string): string {
    return this.op('multiply', xs, {}, name)[0]!;
  }
  /** Concatenate along the channel axis unless `axis` says otherwise. */
  concat(xs: readonly string[], axis = -1, name?: string): string {
    return this.op('concat', xs, { axis }, name)[0]!;
  }
  channelSplit(x: string, parts = 2, name?: string): string[] {
    return this.op('channelSplit', [x], { parts }, name);
  }
  channelShuffle(x: string, groups: number, name?: string): string {
    return this.op('channelShuffle', [x], { groups }, name)[0]!;
  }
  globalAveragePool(x: string, o: { keepDims?: boolean } = {}, name?: string): string {
    return this.op('globalAveragePool', [x], { keepDims: o.keepDims ?? false }, name)[0]!;
  }
  averagePool(x: string, o: PoolOptions, name?: string): string {
    return this.op('averagePool', [x], poolAttrs(o), name)[0]!;
  }
  maxPool(x: string, o: PoolOptions, name?: string): string {
    return this.op('maxPool', [x], poolAttrs(o), name)[0]!;
  }
  reshape(x: string, targetShape: readonly number[], name?: string): string {
    return this.op('reshape', [x], { targetShape: [...targetShape] }, name)[0]!;
  }
  flatten(x: string, name?: string): string {
    return this.op('flatten', [x], {}, name)[0]!;
  }
  dropout(x: string, rate: number, name?: string): string {
    return this.op('dropout', [x], { rate }, name)[0]!;
  }
  zeroPadding(x: string, padding: readonly [readonly [number, number], readonly [number, number]], name?: string): string {
    const p: OpAttrs['zeroPadding']['padding'] = [
      [padding[0][0], padding[0][1]],
      [padding[1][0], padding[1][1]],
    ];
    return this.op('zeroPadding', [x], { padding: p }, name)[0]!;
  }

  /** Finish: validate and freeze the graph with the given outputs. */
  build(outputs: readonly string[]): LayerGraph {
    for (const o of outputs) this.shape(o);
    const scaling: Record<string, readonly string[]> = {};
    let scaled = false;
    for (const n of this.nodes) {
      const width = this.widthFactors(n.outputs[0]!);
      if (width.length > 0) {
        scaling[n.name] = Object.freeze([...width]);
        scaled = true;
      }
    }
    // Every invariant validateGraph checks holds by construction: names are claimed once, inputs must exist when a
    // layer is added (so the order is an execution order), and each shape is the shape rule's own result. Nodes,
    // tensors and shapes were frozen as they were added.
    const graph: LayerGraph = {
      name: this.name,
      inputs: Object.freeze([...this.inputNames]),
      outputs: Object.freeze([...outputs]),
      tensors: Object.freeze(Object.fromEntries(this.tensors)),
      nodes: Object.freeze([...this.nodes]),
      ...(scaled ? { scaling: Object.freeze(scaling) } : {}),
    };
    return Object.freeze(graph);
  }

  private autoName(op: OpType): string {
    const prefix = KERAS_PREFIX[op];
    for (;;) {
      const n = this.counters.get(prefix) ?? 0;
      this.counters.set(prefix, n + 1);
      const candidate = n === 0 ? prefix : `${prefix}_${n}`;
      if (!this.tensors.has(candidate) && !this.nodeNames.has(candidate)) return candidate;
    }
  }

  private claim(name: string): void {
    if (this.tensors.has(name) || this.nodeNames.has(name)) {
      throw new GraphError(`${this.name}: the name ${JSON.stringify(name)} is used twice`, 'name', name);
    }
  }
}

/** Distinct names in first-seen order. */
function union(lists: readonly (readonly string[])[]): readonly string[] {
  return [...new Set(lists.flat())];
}

function poolAttrs(o: PoolOptions): OpAttrs['averagePool'] {
  const size = pair(o.poolSize);
  return { poolSize: size, strides: pair(o.strides ?? size), padding: o.padding ?? 'valid' };
}

const NO_FACTORS: readonly string[] = Object.freeze([]);

/** Freeze an attribute object and the arrays inside it (kernel sizes, paddings, target shapes). */
function freezeAttrs<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k in value) freezeAttrs((value as Record<string, unknown>)[k]);
  }
  return value;
}

