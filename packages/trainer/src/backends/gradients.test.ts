import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../random.js';
import { batchNormTraining } from '../train/fast-batchnorm.js';
import { onednnAvailable } from '@cnn-analyzer/backend-onednn';
import { selectBackend } from './select-backend.js';

/** Gradient check: every backend's gradients against the stock CPU backend's, norm-wise relative error ≤ 1e-4 on small layers. */
const TOLERANCE = 1e-4;


const random = (shape: number[], seed: number, lo = -1, hi = 1): { shape: number[]; data: Float32Array } => {
  const r = mulberry32(seed);
  return { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * r()) };
};

type Case = { name: string; inputs: { shape: number[]; data: Float32Array }[]; f: (...xs: tf.Tensor[]) => tf.Tensor };

/** Gradients of Σ f(inputs) · R (R a fixed random tensor) with respect to every input, on the current backend. */
function gradients(c: Case): Float32Array[] {
  return tf.tidy(() => {
    const xs = c.inputs.map((i) => tf.tensor(i.data, i.shape));
    const probe = (y: tf.Tensor): tf.Tensor => tf.tensor(random(y.shape, 99).data, y.shape);
    const g = tf.grads((...a: tf.Tensor[]) => {
      const y = c.f(...a);
      return tf.sum(tf.mul(y, probe(y)));
    })(xs);
    return g.map((t) => t.dataSync() as Float32Array);
  });
}

const relError = (a: Float32Array, b: Float32Array): number => {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-30);
};

const x = (h: number, c: number, seed: number, n = 2) => random([n, h, h, c], seed);
const conv = (s: number, pad: 'same' | 'valid') => (a: tf.Tensor, w: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, s, pad);
const dw = (s: number, pad: 'same' | 'valid') => (a: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, w as tf.Tensor4D, s, pad);

const OPS: Case[] = [
  { name: 'conv2d 3×3 stride 2 same (the stem)', inputs: [x(9, 3, 1), random([3, 3, 3, 8], 2)], f: conv(2, 'same') },
  { name: 'conv2d 1×1 stride 1 (pointwise)', inputs: [x(6, 8, 3), random([1, 1, 8, 16], 4)], f: conv(1, 'valid') },
  { name: 'conv2d 3×3 stride 1 valid', inputs: [x(7, 4, 5), random([3, 3, 4, 5], 6)], f: conv(1, 'valid') },
  { name: 'conv2d 1×1 stride 2', inputs: [x(8, 4, 7), random([1, 1, 4, 6], 8)], f: conv(2, 'same') },
  { name: 'depthwise 3×3 stride 1 same', inputs: [x(7, 6, 9), random([3, 3, 6, 1], 10)], f: dw(1, 'same') },
  { name: 'depthwise 3×3 stride 2 same', inputs: [x(8, 6, 11), random([3, 3, 6, 1], 12)], f: dw(2, 'same') },
  { name: 'depthwise 5×5 stride 2 same', inputs: [x(11, 4, 13), random([5, 5, 4, 1], 14)], f: dw(2, 'same') },
  { name: 'depthwise 3×3 multiplier 2 valid', inputs: [x(6, 3, 15), random([3, 3, 3, 2], 16)], f: dw(1, 'valid') },
  { name: 'batch norm, training, 16 channels (the oneDNN primitives; other counts take plain loops)', inputs: [x(4, 16, 44), random([16], 45, 0.5, 1.5), random([16], 46)], f: (a, g, b) => batchNormTraining(a, g, b, 1e-3).y },
  { name: 'batch norm, training (our one-op gradient)', inputs: [x(5, 6, 17), random([6], 18, 0.5, 1.5), random([6], 19)], f: (a, g, b) => batchNormTraining(a, g, b, 1e-3).y },
  { name: 'relu, relu6', inputs: [x(4, 3, 20, 2)], f: (a) => tf.add(tf.relu(a), tf.relu6(tf.mul(a, 8))) },
  { name: 'hard swish, hard sigmoid, sigmoid', inputs: [x(4, 3, 21)], f: (a) => { const s = tf.div(tf.relu6(tf.add(tf.mul(a, 4), 3)), 6); return tf.add(tf.add(tf.mul(tf.mul(a, 4), s), s), tf.sigmoid(a)); } },
  { name: 'softmax, dense', inputs: [random([3, 8], 22), random([8, 4], 23)], f: (a, w) => tf.softmax(tf.matMul(a, w)) },
  { name: 'add, multiply, concat, slice (channel split)', inputs: [x(3, 4, 24), x(3, 4, 25)], f: (a, b) => tf.concat([tf.add(a, b), tf.mul(a, b), tf.slice(a, [0, 0, 0, 1], [-1, -1, -1, 2])], 3) },
  { name: 'channel shuffle (reshape, transpose)', inputs: [x(3, 6, 26)], f: (a) => tf.reshape(tf.transpose(tf.reshape(a, [2, 3, 3, 2, 3]), [0, 1, 2, 4, 3]), [2, 3, 3, 6]) },
  { name: 'average pool 3×3 stride 2 same', inputs: [x(8, 3, 27)], f: (a) => tf.avgPool(a as tf.Tensor4D, 3, 2, 'same') },
  { name: 'average pool 2×2 stride 2 valid', inputs: [x(8, 3, 27)], f: (a) => tf.avgPool(a as tf.Tensor4D, 2, 2, 'valid') },
  { name: 'max pool 3×3 stride 2 same', inputs: [x(8, 3, 33)], f: (a) => tf.maxPool(a as tf.Tensor4D, 3, 2, 'same') },
  { name: 'global average pool', inputs: [x(8, 3, 34)], f: (a) => tf.mean(a, [1, 2], true) },
  { name: 'grouped conv2d (split, convolve, concat)', inputs: [x(5, 6, 35), random([1, 1, 3, 4], 36), random([1, 1, 3, 4], 37)], f: (a, w1, w2) => { const [p, q] = tf.split(a, 2, 3); return tf.concat([tf.conv2d(p as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'), tf.conv2d(q as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'same')], 3); } },
  { name: 'bias add and per-channel scale (broadcast add, sub, mul, div)', inputs: [x(4, 3, 38), random([3], 39), random([3], 40, 0.5, 1.5)], f: (a, b, c) => tf.div(tf.mul(tf.sub(tf.add(a, b), tf.reshape(b, [1, 1, 1, 3])), c), tf.add(c, 1)) },
  { name: 'dense with bias and relu (fused matMul), mean over axes', inputs: [random([3, 8], 41), random([8, 4], 42), random([4], 43)], f: (a, w, b) => tf.mean(tf.fused.matMul({ a: a as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: 'relu' }), 0, true) },
  { name: 'zero padding', inputs: [x(4, 2, 28)], f: (a) => tf.pad(a, [[0, 0], [1, 1], [0, 1], [0, 0]]) },
];

const installed = (pkg: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
/** wasm always; onednn where its addon was built (libdnnl-dev); tensorflow where the user installed @tensorflow/tfjs-node(-gpu). */
const BACKENDS = [['wasm', true], ['onednn', onednnAvailable()], ['tensorflow', installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu')]] as const;

describe.each(BACKENDS)('gradients on the %s backend match the stock CPU backend', (backend, present) => {
  it.skipIf(!present).each(OPS)('$name', async (c) => {
    await selectBackend(backend);
    const got = gradients(c);
    await tf.setBackend('cpu');
    const want = gradients(c);
    want.forEach((w, i) => expect(relError(got[i]!, w), `${c.name}, input ${i}`).toBeLessThanOrEqual(TOLERANCE));
  });
});

describe('our BatchNorm gradient', () => {
  it('matches tfjs differentiating its own moments, on the CPU backend', async () => {
    await tf.setBackend('cpu');
    const inputs = [x(5, 6, 30), random([6], 31, 0.5, 1.5), random([6], 32)];
    const ours = gradients({ name: 'ours', inputs, f: (a, g, b) => batchNormTraining(a, g, b, 1e-3).y });
    const stock = gradients({ name: 'stock', inputs, f: (a, g, b) => { const { mean, variance } = tf.moments(a, [0, 1, 2]); return tf.batchNorm(a, mean, variance, b, g, 1e-3); } });
    stock.forEach((w, i) => expect(relError(ours[i]!, w), `input ${i}`).toBeLessThanOrEqual(TOLERANCE));
  });
});
