import * as tf from '@tensorflow/tfjs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { layerName } from './build-model.js';

/** Float weights of one layer in Keras order (kernel, bias; or gamma, beta, moving mean, moving variance). */
export interface LayerWeights {
  readonly shapes: readonly (readonly number[])[];
  readonly values: readonly Float32Array[];
}

/** Observed value range of a tensor. */
export interface Range {
  min: number;
  max: number;
}

/** The weights of every layer of a model built by `buildTfjsModel`, keyed by IR node name. */
export function layerWeights(model: tf.LayersModel, graph: LayerGraph): Map<string, LayerWeights> {
  const out = new Map<string, LayerWeights>();
  for (const node of graph.nodes) {
    const layer = model.layers.find((l) => l.name === layerName(node.name));
    if (!layer) continue;
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    out.set(node.name, { shapes: ws.map((w) => w.shape), values: ws.map((w) => w.dataSync() as Float32Array) });
  }
  return out;
}

/** The tfjs layer output that holds an IR tensor (a split's k-th part is layer `<name>_k`). */
function symbolicFor(model: tf.LayersModel, graph: LayerGraph, tensor: string): tf.SymbolicTensor {
  if (graph.inputs.includes(tensor)) return model.inputs[graph.inputs.indexOf(tensor)]!;
  const node = graph.nodes.find((n) => n.outputs.includes(tensor))!;
  const k = node.outputs.indexOf(tensor);
  const layer = model.getLayer(node.op === 'channelSplit' ? `${layerName(node.name)}_${k}` : layerName(node.name));
  return layer.output as tf.SymbolicTensor;
}

/**
 * Min and max of the given IR tensors over a representative dataset (each item one input
 * sample, flattened HWC), run through the float model in batches.
 */
export function activationRanges(model: tf.LayersModel, graph: LayerGraph, tensors: readonly string[], samples: Iterable<Float32Array>, batchSize = 8): Map<string, Range> {
  const probe = tf.model({ inputs: model.inputs, outputs: tensors.map((t) => symbolicFor(model, graph, t)) });
  const ranges = new Map<string, Range>(tensors.map((t) => [t, { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }]));
  const inputShape = graph.tensors[graph.inputs[0]!]!.shape;
  const flush = (batch: Float32Array[]): void => {
    if (batch.length === 0) return;
    tf.tidy(() => {
      const data = new Float32Array(batch.length * batch[0]!.length);
      batch.forEach((b, i) => data.set(b, i * b.length));
      const x = tf.tensor(data, [batch.length, ...inputShape]);
      const ys = probe.predict(x);
      (Array.isArray(ys) ? ys : [ys]).forEach((y, i) => {
        const r = ranges.get(tensors[i]!)!;
        r.min = Math.min(r.min, y.min().dataSync()[0]!);
        r.max = Math.max(r.max, y.max().dataSync()[0]!);
      });
    });
  };
  let batch: Float32Array[] = [];
  for (const sample of samples) {
    batch.push(sample);
    if (batch.length === batchSize) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  return ranges;
}

/** Run the float model on one sample and return its first output as a flat array. */
export function predictOne(model: tf.LayersModel, graph: LayerGraph, sample: Float32Array): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor(sample, [1, ...graph.tensors[graph.inputs[0]!]!.shape]);
    const y = model.predict(x);
    return (Array.isArray(y) ? y[0]! : y).dataSync() as Float32Array;
  });
}
