import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onednnAvailable, type CpuLike } from './addon.js';
import { ONEDNN_BACKEND, registerOnednnBackend } from './onednn-backend.js';

/** Every native forward kernel against the stock CPU backend (the reference), on odd shapes and broadcasts. */
const present = onednnAvailable();
if (!present) console.warn('backend-onednn tests skipped: the addon is not built (libdnnl-dev absent at npm install)');

let seed = 1;
const rand = (shape: number[], lo = -1, hi = 1): Float32Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * seed) / 2 ** 32;
  });
};

/** Run `f` on fresh tensors of `inputs` on a backend; the result's values. */
async function on(backend: string, inputs: { shape: number[]; data: Float32Array }[], f: (...x: tf.Tensor[]) => tf.Tensor): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const y = f(...inputs.map((i) => tf.tensor(i.data, i.shape)));
    return { shape: y.shape, data: Float32Array.from(y.dataSync()) };
  });
}

function close(got: { shape: number[]; data: Float32Array }, want: { shape: number[]; data: Float32Array }, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  let diff = 0;
  let scale = 1e-30;
  want.data.forEach((w, i) => {
    diff = Math.max(diff, Math.abs(w - got.data[i]!));
    scale = Math.max(scale, Math.abs(w));
  });
  expect(diff / scale).toBeLessThanOrEqual(tol);
}

type Case = [string, number[][], (...x: tf.Tensor[]) => tf.Tensor];
const BINARY: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div], ['maximum', tf.maximum], ['minimum', tf.minimum], ['squaredDifference', tf.squaredDifference]];
const BROADCASTS = [[[2, 5, 5, 6], [2, 5, 5, 6]], [[2, 5, 5, 6], [1, 1, 1, 6]], [[2, 5, 5, 6], [6]], [[2, 1, 1, 6], [2, 5, 5, 6]], [[2, 5, 5, 6], []], [[3, 1, 4], [1, 5, 1]], [[7], [3, 1]]];
const CASES: Case[] = [
  ...BINARY.flatMap(([name, op]) => BROADCASTS.map(([a, b]): Case => [`${name} [${a}] [${b}]`, [a!, b!], (x, y) => op(x, name === 'div' ? tf.add(tf.abs(y), 0.5) : y)])),
  ['relu', [[3, 4, 5]], (x) => tf.relu(tf.mul(x, 8))],
  ['relu6', [[3, 4, 5]], (x) => tf.relu6(tf.mul(x, 8))],
  ['step alpha 0.3', [[3, 4, 5]], (x) => tf.step(x, 0.3)],
  ['neg, square, sqrt, rsqrt', [[3, 4, 5]], (x) => tf.add(tf.add(tf.neg(x), tf.square(x)), tf.add(tf.sqrt(tf.abs(x)), tf.rsqrt(tf.add(tf.abs(x), 1))))],
  ...[[0], [1, 2], [0, 1, 2], [3], [0, 2], [1, 3], [-1]].flatMap((axes): Case[] => [
    [`sum over [${axes}]`, [[2, 5, 4, 6]], (x) => tf.sum(x, axes)],
    [`mean over [${axes}], keepDims`, [[2, 5, 4, 6]], (x) => tf.mean(x, axes, true)],
  ]),
  ['sum of all', [[3, 7]], (x) => tf.sum(x)],
  ['avg pool 3×3 s2 same', [[2, 9, 9, 3]], (x) => tf.avgPool(x as tf.Tensor4D, 3, 2, 'same')],
  ['avg pool 2×2 s2 valid', [[2, 8, 8, 3]], (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid')],
  ['global avg pool (window = input)', [[2, 6, 6, 5]], (x) => tf.avgPool(x as tf.Tensor4D, 6, 1, 'valid')],
  ['max pool 3×3 s2 same', [[2, 9, 9, 3]], (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')],
  ['matMul', [[5, 7], [7, 3]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)],
  ['matMul transposed a and b', [[7, 5], [3, 7]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, true)],
  ['batched matMul, b broadcast', [[4, 5, 7], [1, 7, 3]], (a, b) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D)],
  ['dense: fused matMul + bias + relu', [[5, 7], [7, 3], [3]], (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: 'relu' })],
  ['conv2d + bias + relu6 (fused)', [[2, 7, 7, 3], [3, 3, 3, 5], [5]], (x, w, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: b, activation: 'relu6' })],
  ['depthwise + bias + relu (fused)', [[2, 7, 7, 4], [3, 3, 4, 1], [4]], (x, w, b) => tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' })],
];

describe.skipIf(!present)('onednn kernels match the stock CPU backend', () => {
  it.each(CASES)('%s', async (_name, shapes, f) => {
    registerOnednnBackend();
    const inputs = shapes.map((shape) => ({ shape, data: rand(shape) }));
    close(await on(ONEDNN_BACKEND, inputs, f), await on('cpu', inputs, f), 1e-5);
  });
});

describe.skipIf(!present)('recycled output memory', () => {
  const reuse = (): tf.Tensor[] => Array.from({ length: 8 }, () => tf.add(tf.zeros([4, 256]), tf.fill([256], 7))); // same size: takes freed arrays

  it('never overwrites a slice (a view of its memory) after the source is freed', async () => {
    registerOnednnBackend();
    await tf.setBackend(ONEDNN_BACKEND);
    const a = tf.add(tf.ones([4, 256]), tf.ones([256])); // a native kernel's output: pool memory
    const view = tf.slice(a, [1, 0], [2, 256]); // the CPU kernel returns a subarray of a's memory
    a.dispose();
    const others = reuse();
    expect(Array.from(view.dataSync()).every((v) => v === 2)).toBe(true);
    expect(others.every((o) => o.dataSync().every((v) => v === 7))).toBe(true);
    tf.dispose([view, ...others]);
  });

  it('never overwrites values read with dataSync after the tensor is freed', async () => {
    registerOnednnBackend();
    await tf.setBackend(ONEDNN_BACKEND);
    const a = tf.add(tf.ones([4, 256]), tf.ones([256]));
    const readBack = a.dataSync();
    a.dispose();
    const others = reuse();
    expect(readBack.every((v) => v === 2)).toBe(true);
    tf.dispose(others);
  });

  it('gives a freed output array to the next output of its size', async () => {
    registerOnednnBackend();
    await tf.setBackend(ONEDNN_BACKEND);
    const storage = (t: tf.Tensor): unknown => (tf.backend() as unknown as CpuLike).data.get(t.dataId)?.values;
    const x = tf.ones([64, 64]);
    const first = tf.add(x, x);
    const memory = storage(first);
    first.dispose();
    const second = tf.mul(x, x);
    expect(storage(second)).toBe(memory);
    tf.dispose([x, second]);
  });
});
