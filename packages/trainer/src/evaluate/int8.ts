import type * as tf from '@tensorflow/tfjs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { createTfliteRunner, quantizeModel, readTflite, writeTflite } from '@cnn-analyzer/exporter';
import { makeBatch } from '../data/augment.js';
import type { DecodedDataset, DecodedSplit } from '../data/decoded-cache.js';

/** How many training images calibrate the int8 activations by default. */
export const CALIBRATION_IMAGES = 200;

/** Training images spread evenly over the split, as float HWC samples in [0, 1]. */
export function* calibrationSamples(data: DecodedDataset, limit = CALIBRATION_IMAGES): Generator<Float32Array> {
  const split = data.splits.train;
  const n = Math.min(limit, split.count);
  for (let k = 0; k < n; k++) yield makeBatch(split, [Math.floor((k * split.count) / n)], data.size, data.channels);
}

/** Quantize a trained model to an int8 .tflite (int8 input and output), calibrated on training images. */
export function exportTrainedInt8(graph: LayerGraph, model: tf.LayersModel, data: DecodedDataset, limit = CALIBRATION_IMAGES): Uint8Array {
  return writeTflite(quantizeModel(graph, model, { representative: calibrationSamples(data, limit) }));
}

/**
 * Run an int8 (or float) .tflite over a split in TensorFlow Lite's WebAssembly runtime: each image is
 * quantized with the model's own input scale and zero point, the predicted class is the largest output.
 */
export async function predictTflite(bytes: Uint8Array, split: DecodedSplit, data: Pick<DecodedDataset, 'size' | 'channels'>): Promise<Int32Array> {
  const model = readTflite(bytes);
  const sg = model.subgraphs[0]!;
  const input = sg.tensors[sg.inputs[0]!]!;
  const q = input.quantization;
  const runner = await createTfliteRunner(bytes);
  const predictions = new Int32Array(split.count);
  try {
    const per = data.size * data.size * data.channels;
    const all = makeBatch(split, Array.from({ length: split.count }, (_, i) => i), data.size, data.channels);
    for (let i = 0; i < split.count; i++) {
      const x = all.subarray(i * per, (i + 1) * per);
      let feed: ArrayLike<number> = x;
      if (input.type === 'INT8' && q) feed = Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / q.scale[0]!) + q.zeroPoint[0]!)));
      else if (input.type === 'UINT8' && q) feed = Uint8Array.from(x, (v) => Math.max(0, Math.min(255, Math.round(v / q.scale[0]!) + q.zeroPoint[0]!)));
      const [out] = runner.run([feed]);
      let best = 0;
      for (let c = 1; c < out!.length; c++) if (out![c]! > out![best]!) best = c;
      predictions[i] = best;
    }
  } finally {
    runner.dispose();
  }
  return predictions;
}
