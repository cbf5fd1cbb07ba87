import * as tf from '@tensorflow/tfjs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { makeBatch } from '../data/augment.js';
import type { DecodedDataset, DecodedSplit } from '../data/decoded-cache.js';

/** Loss and accuracy of the float model on a split, with its predicted classes. */
export interface FloatScore {
  readonly loss: number;
  readonly accuracy: number;
  readonly predictions: Int32Array;
}

/** Run the float model in inference mode over a split, in batches. */
export function evaluateFloat(model: tf.LayersModel, split: DecodedSplit, data: Pick<DecodedDataset, 'size' | 'channels' | 'classes'>, batchSize: number, graph: LayerGraph): FloatScore {
  const predictions = new Int32Array(split.count);
  let lossSum = 0;
  const softmax = graph.nodes[graph.nodes.length - 1]!.op === 'softmax';
  for (let start = 0; start < split.count; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, split.count - start) }, (_, k) => start + k);
    const pixels = makeBatch(split, idx, data.size, data.channels);
    const [pred, loss] = tf.tidy(() => {
      const out = model.apply(tf.tensor4d(pixels, [idx.length, data.size, data.size, data.channels]), { training: false }) as tf.Tensor;
      const probs = softmax ? out : tf.softmax(out);
      const y = tf.oneHot(tf.tensor1d(idx.map((i) => split.labels[i]!), 'int32'), data.classes.length);
      const l = tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(probs, 1e-7, 1)))));
      return [tf.argMax(probs, -1).dataSync() as Int32Array, l.dataSync()[0]!] as const;
    });
    predictions.set(pred, start);
    lossSum += loss;
  }
  const correct = predictions.reduce((n, p, i) => n + (p === split.labels[i] ? 1 : 0), 0);
  return { loss: lossSum / split.count, accuracy: correct / split.count, predictions };
}
