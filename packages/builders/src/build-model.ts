import * as tf from '@tensorflow/tfjs';
import { CnnAnalyzerError, type AnyOpNode, type LayerGraph, type OpNode, type OpType } from '@cnn-analyzer/arch-spec';
import { ChannelShuffle, ChannelSlice, GroupedConv2D, HardActivation } from './custom-layers.js';

/** Options of {@link buildTfjsModel}. */
export interface BuildOptions {
  /** Seed of every initializer, for reproducible weights. */
  readonly seed?: number;
  /**
   * Draw BatchNorm gamma, beta, moving mean and moving variance at random (instead of 1, 0, 0, 1), so an
   * untrained model exercises BatchNorm folding like a trained one. @default false
   */
  readonly randomBatchNorm?: boolean;
}

/** The IR layer name as a tfjs layer name (tfjs accepts letters, digits, `_`, `-`, `.`). */
export const layerName = (name: string): string => name.replace(/[^\w.-]/g, '_');

type Sym = tf.SymbolicTensor;

function seeded(seed: number | undefined, i: number): { seed?: number } {
  return seed === undefined ? {} : { seed: seed + i };
}

/** What a tfjs lowering gets besides the node: its input tensors, the layer name, build options and the node index. */
interface TfjsContext {
  readonly xs: Sym[];
  readonly name: string;
  readonly o: BuildOptions;
  readonly i: number;
}

type TfjsLowering<T extends OpType> = (node: OpNode<T>, c: TfjsContext) => Sym[];

const one = (layer: tf.layers.Layer, input: Sym | Sym[]): Sym[] => [layer.apply(input) as Sym];
const glorot = (c: TfjsContext) => tf.initializers.glorotUniform(seeded(c.o.seed, c.i));
const hard = (kind: 'swish' | 'sigmoid'): TfjsLowering<'hardSwish' | 'hardSigmoid'> => (_n, c) => one(new HardActivation({ kind, name: c.name }), c.xs[0]!);
const pool = (make: (args: Parameters<typeof tf.layers.averagePooling2d>[0]) => tf.layers.Layer): TfjsLowering<'averagePool' | 'maxPool'> => (n, c) =>
  one(make({ poolSize: n.attrs.poolSize, strides: n.attrs.strides, padding: n.attrs.padding, name: c.name }), c.xs[0]!);

/**
 * Every IR op type as tfjs layers applied to symbolic tensors (outputs in order): the compiler names any op type
 * left out. Custom layers where tfjs has none: grouped convolution, channel slices, channel shuffle, hard-swish and
 * hard-sigmoid.
 */
const TFJS_LOWERINGS: { readonly [T in OpType]: TfjsLowering<T> } = {
  conv2d(n, c) {
    const a = n.attrs;
    if (a.groups > 1) return one(new GroupedConv2D({ ...a, ...seeded(c.o.seed, c.i), name: c.name }), c.xs[0]!);
    return one(tf.layers.conv2d({ filters: a.filters, kernelSize: a.kernelSize, strides: a.strides, padding: a.padding, useBias: a.useBias, name: c.name, kernelInitializer: glorot(c) }), c.xs[0]!);
  },
  depthwiseConv2d(n, c) {
    const a = n.attrs;
    return one(tf.layers.depthwiseConv2d({ kernelSize: a.kernelSize, strides: a.strides, padding: a.padding, depthMultiplier: a.depthMultiplier, useBias: a.useBias, name: c.name, depthwiseInitializer: glorot(c) }), c.xs[0]!);
  },
  dense: (n, c) => one(tf.layers.dense({ units: n.attrs.units, useBias: n.attrs.useBias, name: c.name, kernelInitializer: glorot(c) }), c.xs[0]!),
  batchNorm(n, c) {
    const r = (lo: number, hi: number, k: number) => tf.initializers.randomUniform({ minval: lo, maxval: hi, ...seeded(c.o.seed, c.i * 4 + k) });
    const random = c.o.randomBatchNorm ? { gammaInitializer: r(0.5, 1.5, 0), betaInitializer: r(-0.2, 0.2, 1), movingMeanInitializer: r(-0.2, 0.2, 2), movingVarianceInitializer: r(0.5, 1.5, 3) } : {};
    return one(tf.layers.batchNormalization({ epsilon: n.attrs.epsilon, name: c.name, ...random }), c.xs[0]!);
  },
  relu: (_n, c) => one(tf.layers.reLU({ name: c.name }), c.xs[0]!),
  relu6: (_n, c) => one(tf.layers.reLU({ maxValue: 6, name: c.name }), c.xs[0]!),
  hardSwish: hard('swish'),
  hardSigmoid: hard('sigmoid'),
  sigmoid: (_n, c) => one(tf.layers.activation({ activation: 'sigmoid', name: c.name }), c.xs[0]!),
  softmax: (n, c) => one(tf.layers.softmax({ axis: n.attrs.axis, name: c.name }), c.xs[0]!),
  add: (_n, c) => one(tf.layers.add({ name: c.name }), c.xs),
  multiply: (_n, c) => one(tf.layers.multiply({ name: c.name }), c.xs),
  concat: (n, c) => one(tf.layers.concatenate({ axis: n.attrs.axis < 0 ? n.attrs.axis : n.attrs.axis + 1, name: c.name }), c.xs),
  channelSplit(n, c) {
    const x = c.xs[0]!;
    const size = (x.shape[x.shape.length - 1] as number) / n.attrs.parts;
    return Array.from({ length: n.attrs.parts }, (_, k) => new ChannelSlice({ start: k * size, size, name: `${c.name}_${k}` }).apply(x) as Sym);
  },
  channelShuffle: (n, c) => one(new ChannelShuffle({ groups: n.attrs.groups, name: c.name }), c.xs[0]!),
  globalAveragePool(n, c) {
    const pooled = tf.layers.globalAveragePooling2d({ name: n.attrs.keepDims ? `${c.name}_pool` : c.name }).apply(c.xs[0]!) as Sym;
    if (!n.attrs.keepDims) return [pooled];
    return [tf.layers.reshape({ targetShape: [1, 1, pooled.shape[1] as number], name: c.name }).apply(pooled) as Sym];
  },
  averagePool: pool(tf.layers.averagePooling2d),
  maxPool: pool(tf.layers.maxPooling2d),
  reshape: (n, c) => one(tf.layers.reshape({ targetShape: n.attrs.targetShape, name: c.name }), c.xs[0]!),
  flatten: (_n, c) => one(tf.layers.flatten({ name: c.name }), c.xs[0]!),
  dropout: (n, c) => one(tf.layers.dropout({ rate: n.attrs.rate, name: c.name }), c.xs[0]!),
  zeroPadding: (n, c) => one(tf.layers.zeroPadding2d({ padding: n.attrs.padding, name: c.name }), c.xs[0]!),
};

/** One IR node as tfjs layers applied to symbolic tensors; returns its output tensors in order. */
function applyNode(node: AnyOpNode, xs: Sym[], o: BuildOptions, i: number): Sym[] {
  return (TFJS_LOWERINGS[node.op] as TfjsLowering<OpType>)(node as OpNode<OpType>, { xs, name: layerName(node.name), o, i });
}

/** The op types TensorFlow.js models can be built from (every op type of the IR). */
export const TFJS_OP_TYPES: readonly OpType[] = Object.keys(TFJS_LOWERINGS) as OpType[];

/**
 * Build a TensorFlow.js layers model from a layer graph: one tfjs layer per IR node, named as
 * the node (a channel split gives `<name>_0`, `<name>_1`), custom layers for grouped convolution,
 * channel slices, channel shuffle and hard-swish/hard-sigmoid.
 */
export function buildTfjsModel(graph: LayerGraph, options: BuildOptions = {}): tf.LayersModel {
  const tensors = new Map<string, Sym>();
  for (const input of graph.inputs) tensors.set(input, tf.input({ shape: [...graph.tensors[input]!.shape], name: layerName(input) }));
  graph.nodes.forEach((node, i) => {
    const xs = node.inputs.map((t) => tensors.get(t)!);
    let outs: Sym[];
    try {
      outs = applyNode(node, xs, options, i);
    } catch (e) {
      throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(node.name)} (${node.op}): tfjs could not build it: ${(e as Error).message}`, `nodes.${node.name}`, node.op);
    }
    node.outputs.forEach((t, k) => tensors.set(t, outs[k]!));
  });
  return tf.model({ inputs: graph.inputs.map((t) => tensors.get(t)!), outputs: graph.outputs.map((t) => tensors.get(t)!), name: layerName(graph.name) });
}
