import * as tf from '@tensorflow/tfjs';
import { CnnAnalyzerError, type AnyOpNode, type LayerGraph } from '@cnn-analyzer/arch-spec';
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

/** One IR node as tfjs layers applied to symbolic tensors; returns its output tensors in order. */
function applyNode(node: AnyOpNode, xs: Sym[], o: BuildOptions, i: number): Sym[] {
  const name = layerName(node.name);
  const init = { kernelInitializer: tf.initializers.glorotUniform(seeded(o.seed, i)) };
  const one = (layer: tf.layers.Layer, input: Sym | Sym[] = xs[0]!): Sym[] => [layer.apply(input) as Sym];
  switch (node.op) {
    case 'conv2d': {
      const a = node.attrs;
      if (a.groups > 1) return one(new GroupedConv2D({ ...a, ...seeded(o.seed, i), name }));
      return one(tf.layers.conv2d({ filters: a.filters, kernelSize: a.kernelSize, strides: a.strides, padding: a.padding, useBias: a.useBias, name, ...init }));
    }
    case 'depthwiseConv2d': {
      const a = node.attrs;
      return one(tf.layers.depthwiseConv2d({ kernelSize: a.kernelSize, strides: a.strides, padding: a.padding, depthMultiplier: a.depthMultiplier, useBias: a.useBias, name, depthwiseInitializer: tf.initializers.glorotUniform(seeded(o.seed, i)) }));
    }
    case 'dense':
      return one(tf.layers.dense({ units: node.attrs.units, useBias: node.attrs.useBias, name, ...init }));
    case 'batchNorm': {
      const r = (lo: number, hi: number, k: number) => tf.initializers.randomUniform({ minval: lo, maxval: hi, ...seeded(o.seed, i * 4 + k) });
      const random = o.randomBatchNorm ? { gammaInitializer: r(0.5, 1.5, 0), betaInitializer: r(-0.2, 0.2, 1), movingMeanInitializer: r(-0.2, 0.2, 2), movingVarianceInitializer: r(0.5, 1.5, 3) } : {};
      return one(tf.layers.batchNormalization({ epsilon: node.attrs.epsilon, name, ...random }));
    }
    case 'relu':
      return one(tf.layers.reLU({ name }));
    case 'relu6':
      return one(tf.layers.reLU({ maxValue: 6, name }));
    case 'hardSwish':
    case 'hardSigmoid':
      return one(new HardActivation({ kind: node.op === 'hardSwish' ? 'swish' : 'sigmoid', name }));
    case 'sigmoid':
      return one(tf.layers.activation({ activation: 'sigmoid', name }));
    case 'softmax':
      return one(tf.layers.softmax({ axis: node.attrs.axis, name }));
    case 'add':
      return one(tf.layers.add({ name }), xs);
    case 'multiply':
      return one(tf.layers.multiply({ name }), xs);
    case 'concat':
      return one(tf.layers.concatenate({ axis: node.attrs.axis < 0 ? node.attrs.axis : node.attrs.axis + 1, name }), xs);
    case 'channelSplit': {
      const c = xs[0]!.shape[xs[0]!.shape.length - 1] as number;
      const size = c / node.attrs.parts;
      return Array.from({ length: node.attrs.parts }, (_, k) => new ChannelSlice({ start: k * size, size, name: `${name}_${k}` }).apply(xs[0]!) as Sym);
    }
    case 'channelShuffle':
      return one(new ChannelShuffle({ groups: node.attrs.groups, name }));
    case 'globalAveragePool': {
      const pooled = tf.layers.globalAveragePooling2d({ name: node.attrs.keepDims ? `${name}_pool` : name }).apply(xs[0]!) as Sym;
      if (!node.attrs.keepDims) return [pooled];
      return [tf.layers.reshape({ targetShape: [1, 1, pooled.shape[1] as number], name }).apply(pooled) as Sym];
    }
    case 'averagePool':
    case 'maxPool': {
      const a = node.attrs;
      const make = node.op === 'averagePool' ? tf.layers.averagePooling2d : tf.layers.maxPooling2d;
      return one(make({ poolSize: a.poolSize, strides: a.strides, padding: a.padding, name }));
    }
    case 'reshape':
      return one(tf.layers.reshape({ targetShape: node.attrs.targetShape, name }));
    case 'flatten':
      return one(tf.layers.flatten({ name }));
    case 'dropout':
      return one(tf.layers.dropout({ rate: node.attrs.rate, name }));
    case 'zeroPadding':
      return one(tf.layers.zeroPadding2d({ padding: node.attrs.padding, name }));
  }
}

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
