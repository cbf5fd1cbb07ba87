import { GraphError } from './errors.js';
import type { AnyOpNode, LayerGraph, Shape, TensorInfo } from './ir.js';
import type { OpAttrs, OpType } from './ops/attrs.js';
import { inferNode } from './infer.js';
import { KERAS_PREFIX, NO_FACTORS, freezeAttrs, pair, unionOf, widthOf, type Pair } from './builder-support.js';

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

/**
 * Builds a {@link LayerGraph} op by op, inferring every shape as it goes, so an
 * architecture plugin reads like a Keras functional model. Methods return tensor names.
 */
export class GraphBuilder {
  /** Every tensor by name, with the layer that produces it and the factors that set its width. */
  private readonly tensors = new Map<string, TensorEntry>();
  private readonly nodes: AnyOpNode[] = [];
  /** Names of multi-output layers (`split`, whose tensors are `split:0`, `split:1`); other layers share their tensor's name. */
  private readonly nodeNames = new Set<string>();
  private readonly inputNames: string[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly name: string) {}

  /** Declare a graph input of the given shape (no batch axis). */
  input(shape: Shape, name = 'input'): string {
    this.claim(name);
    const info: TensorInfo = Object.freeze({ name, shape: Object.freeze([...shape]), dtype: 'float32' });
    this.tensors.set(name, { info, node: undefined, width: NO_FACTORS, list: undefined });
    this.inputNames.push(name);
    return name;
  }

  /** Shape of a tensor already in the graph. */
  shape(tensor: string): Shape {
    return this.entry(tensor).info.shape;
  }

  /** Channel count (last axis) of a tensor. */
  channels(tensor: string): number {
    const s = this.shape(tensor);
    return s[s.length - 1]!;
  }

  /** Append any op; returns its output tensor names. */
  op<T extends OpType>(op: T, inputs: readonly string[], attrs: OpAttrs[T], name?: string): string[] {
    return [...this.append(op, [...inputs], attrs, name, ATTRS_UNKNOWN)];
  }

  /**
   * Record which factors set a layer's width (output channels): the study's "scaling factors" column. Layers that
   * only keep or join their inputs' widths (depthwise, BN, activations, concat…) inherit them without a call; call
   * this for convolutions and dense layers. Returns the layer's (first) output tensor, so it wraps a builder call:
   * `x = g.scale(g.conv2d(x, …), 'alpha', 'beta')`.
   */
  scale(tensor: string, ...factors: readonly (string | readonly string[])[]): string {
    const node = this.tensors.get(tensor)?.node;
    if (!node) throw new GraphError(`${this.name}: scale: no layer produces ${JSON.stringify(tensor)}`, 'tensor', tensor);
    const only = factors.length === 1 ? factors[0] : undefined;
    const width = typeof only === 'string' ? widthOf(only) : unionOf(factors.map((f) => (typeof f === 'string' ? [f] : f)));
    for (const t of node.outputs) this.tensors.get(t)!.width = width;
    return tensor;
  }

  /** Factors that set a tensor's channel count (inputs: none). */
  widthFactors(tensor: string): readonly string[] {
    return this.tensors.get(tensor)?.width ?? NO_FACTORS;
  }

  /**
   * Append a layer of one input tensor or several (a fresh array, which becomes the node's own). `attrs` says how
   * much of the attributes still needs freezing; the builder's own methods know. Returns the frozen output names.
   */
  private append<T extends OpType>(op: T, inputs: string | string[], attrs: OpAttrs[T], name: string | undefined, attrsState: AttrsState): readonly string[] {
    const layer = name ?? this.autoName(op);
    this.claim(layer);
    // Convolutions and dense layers set their own width (none until `scale` says which factors); every other op
    // keeps or joins the widths of its inputs.
    const ownWidth = op === 'conv2d' || op === 'dense';
    let width = NO_FACTORS;
    let inputList: readonly string[];
    let inputShapes: Shape[];
    if (typeof inputs === 'string') {
      const e = this.entry(inputs);
      inputShapes = [e.info.shape];
      if (!ownWidth) width = e.width;
      // `[x]` as a frozen array is shared with x's producer (its outputs) and every other one-input consumer.
      inputList = e.list ?? (e.list = Object.freeze([inputs]));
    } else {
      inputShapes = new Array<Shape>(inputs.length);
      for (let i = 0; i < inputs.length; i++) {
        const e = this.entry(inputs[i]!);
        inputShapes[i] = e.info.shape;
        if (!ownWidth && e.width !== width && e.width.length > 0) width = width.length === 0 ? e.width : unionOf([width, e.width]);
      }
      inputList = Object.freeze(inputs);
    }
    const outShapes = inferNode(this.name, layer, op, inputShapes, attrs);
    let outputs: string[];
    if (outShapes.length === 1) outputs = [layer]; // claimed above
    else {
      outputs = outputNames(layer, outShapes.length);
      for (const t of outputs) {
        if (this.tensors.has(t)) throw new GraphError(`${this.name}: the name ${JSON.stringify(t)} is used twice`, 'name', t);
      }
    }
    if (attrsState === ATTRS_UNKNOWN) freezeAttrs(attrs);
    else if (attrsState === ATTRS_TOP) Object.freeze(attrs);
    const outputList = Object.freeze(outputs);
    const node = Object.freeze({ name: layer, op, attrs, inputs: inputList, outputs: outputList }) as AnyOpNode;
    for (let i = 0; i < outputs.length; i++) {
      const t = outputs[i]!;
      const shape = outShapes[i]!;
      // Stored shapes are frozen; a shape rule often hands back an input's (or an earlier output's) own array.
      if (!inputShapes.includes(shape) && (i === 0 || !outShapes.slice(0, i).includes(shape))) Object.freeze(shape);
      const info: TensorInfo = Object.freeze({ name: t, shape, dtype: 'float32' });
      this.tensors.set(t, { info, node, width, list: outputs.length === 1 ? outputList : undefined });
    }
    this.nodes.push(node);
    if (outputs.length !== 1) this.nodeNames.add(layer);
    return outputList;
  }

  private entry(tensor: string): TensorEntry {
    const e = this.tensors.get(tensor);
    if (!e) throw new GraphError(`${this.name}: unknown tensor ${JSON.stringify(tensor)}`, 'tensor', tensor);
    return e;
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
    return this.append('conv2d', x, attrs, name, ATTRS_TOP)[0]!;
  }

  depthwiseConv2d(x: string, o: DepthwiseConv2dOptions, name?: string): string {
    const attrs: OpAttrs['depthwiseConv2d'] = {
      kernelSize: pair(o.kernelSize),
      strides: pair(o.strides ?? 1),
      padding: o.padding ?? 'valid',
      depthMultiplier: o.depthMultiplier ?? 1,
      useBias: o.useBias ?? true,
    };
    return this.append('depthwiseConv2d', x, attrs, name, ATTRS_TOP)[0]!;
  }

  dense(x: string, units: number, o: { useBias?: boolean } = {}, name?: string): string {
    return this.append('dense', x, { units, useBias: o.useBias ?? true }, name, ATTRS_TOP)[0]!;
  }

  /** Batch normalization; `epsilon` defaults to Keras' 0.001. */
  batchNorm(x: string, o: { epsilon?: number } = {}, name?: string): string {
    return this.append('batchNorm', x, o.epsilon === undefined ? KERAS_BN : { epsilon: o.epsilon }, name, o.epsilon === undefined ? ATTRS_FROZEN : ATTRS_TOP)[0]!;
  }

  relu(x: string, name?: string): string {
    return this.append('relu', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  relu6(x: string, name?: string): string {
    return this.append('relu6', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  hardSwish(x: string, name?: string): string {
    return this.append('hardSwish', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  hardSigmoid(x: string, name?: string): string {
    return this.append('hardSigmoid', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  sigmoid(x: string, name?: string): string {
    return this.append('sigmoid', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  softmax(x: string, name?: string): string {
    return this.append('softmax', x, LAST_AXIS, name, ATTRS_FROZEN)[0]!;
  }
  add(xs: readonly string[], name?: string): string {
    return this.append('add', [...xs], NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  multiply(xs: readonly string[], name?: string): string {
    return this.append('multiply', [...xs], NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  /** Concatenate along the channel axis unless `axis` says otherwise. */
  concat(xs: readonly string[], axis = -1, name?: string): string {
    return this.append('concat', [...xs], axis === -1 ? LAST_AXIS : { axis }, name, axis === -1 ? ATTRS_FROZEN : ATTRS_TOP)[0]!;
  }
  channelSplit(x: string, parts = 2, name?: string): string[] {
    return [...this.append('channelSplit', x, { parts }, name, ATTRS_TOP)];
  }
  channelShuffle(x: string, groups: number, name?: string): string {
    return this.append('channelShuffle', x, { groups }, name, ATTRS_TOP)[0]!;
  }
  globalAveragePool(x: string, o: { keepDims?: boolean } = {}, name?: string): string {
    return this.append('globalAveragePool', x, { keepDims: o.keepDims ?? false }, name, ATTRS_TOP)[0]!;
  }
  averagePool(x: string, o: PoolOptions, name?: string): string {
    return this.append('averagePool', x, poolAttrs(o), name, ATTRS_TOP)[0]!;
  }
  maxPool(x: string, o: PoolOptions, name?: string): string {
    return this.append('maxPool', x, poolAttrs(o), name, ATTRS_TOP)[0]!;
  }
  reshape(x: string, targetShape: readonly number[], name?: string): string {
    return this.append('reshape', x, { targetShape: [...targetShape] }, name, ATTRS_UNKNOWN)[0]!;
  }
  flatten(x: string, name?: string): string {
    return this.append('flatten', x, NO_ATTRS, name, ATTRS_FROZEN)[0]!;
  }
  dropout(x: string, rate: number, name?: string): string {
    return this.append('dropout', x, { rate }, name, ATTRS_TOP)[0]!;
  }
  zeroPadding(x: string, padding: readonly [readonly [number, number], readonly [number, number]], name?: string): string {
    const p: OpAttrs['zeroPadding']['padding'] = [
      [padding[0][0], padding[0][1]],
      [padding[1][0], padding[1][1]],
    ];
    return this.append('zeroPadding', x, { padding: p }, name, ATTRS_UNKNOWN)[0]!;
  }

  /** Finish: freeze the graph with the given outputs. */
  build(outputs: readonly string[]): LayerGraph {
    for (const o of outputs) this.shape(o);
    // Every invariant validateGraph checks holds by construction: each name is claimed once, a layer's inputs must
    // exist when it is added (so the listed order is an execution order), and each shape is its shape rule's own
    // result. Nodes, tensors and shapes were frozen as they were added.
    const tensors: Record<string, TensorInfo> = {};
    const scaling: Record<string, readonly string[]> = {};
    let scaled = false;
    for (const [t, e] of this.tensors) {
      if (t === '__proto__') Object.defineProperty(tensors, t, { value: e.info, enumerable: true, configurable: true, writable: true });
      else tensors[t] = e.info;
      // A layer's width is its first output's; the (frozen, shared) list is used as is.
      if (e.node !== undefined && e.width.length > 0 && e.node.outputs[0] === t) {
        scaling[e.node.name] = e.width;
        scaled = true;
      }
    }
    const graph: LayerGraph = {
      name: this.name,
      inputs: Object.freeze([...this.inputNames]),
      outputs: Object.freeze([...outputs]),
      tensors: Object.freeze(tensors),
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

function poolAttrs(o: PoolOptions): OpAttrs['averagePool'] {
  const size = pair(o.poolSize);
  return { poolSize: size, strides: pair(o.strides ?? size), padding: o.padding ?? 'valid' };
}

/** A tensor while the graph is built. */
interface TensorEntry {
  readonly info: TensorInfo;
  /** Producing layer; none for graph inputs. */
  readonly node: AnyOpNode | undefined;
  width: readonly string[];
  /** The frozen one-element list `[name]`, shared by the nodes that list this tensor alone. */
  list: readonly string[] | undefined;
}

/** How much of an attribute object still needs freezing: all of it, the top object only, or nothing. */
type AttrsState = 0 | 1 | 2;
const ATTRS_UNKNOWN = 0;
const ATTRS_TOP = 1;
const ATTRS_FROZEN = 2;

const outputNameCache = new Map<string, readonly string[]>();

/** `layer:0`, `layer:1`, …: the same strings for the same layer in every build (see `prefixedNames`). */
function outputNames(layer: string, n: number): string[] {
  let names = outputNameCache.get(layer);
  if (!names || names.length !== n) {
    names = Array.from({ length: n }, (_, i) => `${layer}:${i}`);
    if (outputNameCache.size < 4096) outputNameCache.set(layer, names);
  }
  return [...names];
}

// Attribute objects every layer of their kind shares (frozen, so sharing is safe).
const NO_ATTRS: Record<string, never> = Object.freeze({});
const LAST_AXIS = Object.freeze({ axis: -1 });
const KERAS_BN = Object.freeze({ epsilon: 1e-3 });
