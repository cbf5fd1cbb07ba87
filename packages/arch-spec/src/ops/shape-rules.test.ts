import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph-builder.js';
import { ShapeError } from '../errors.js';

// Expected shapes follow the Keras/TensorFlow output-size rules quoted in
// shared/docs/REFERENCE-ARCHITECTURES.md: "same" → ceil(H/s), "valid" → floor((H − k)/s) + 1.
describe('shape rules', () => {
  const g = (): [GraphBuilder, string] => {
    const b = new GraphBuilder('t');
    return [b, b.input([96, 96, 3])];
  };

  it('conv2d "same" and "valid" with strides', () => {
    const [b, x] = g();
    expect(b.shape(b.conv2d(x, { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }))).toEqual([48, 48, 8]);
    expect(b.shape(b.conv2d(x, { filters: 24, kernelSize: 3, strides: 2, padding: 'valid' }))).toEqual([47, 47, 24]);
    expect(b.shape(b.conv2d(x, { filters: 4, kernelSize: [1, 5], padding: 'valid' }))).toEqual([96, 92, 4]);
  });

  it('depthwise keeps channels × multiplier; MobileNet v3 stride-2 "valid" 5×5 on 23 gives 10', () => {
    const b = new GraphBuilder('t');
    const x = b.input([23, 23, 16]);
    expect(b.shape(b.depthwiseConv2d(x, { kernelSize: 5, strides: 2, padding: 'valid' }))).toEqual([10, 10, 16]);
    expect(b.shape(b.depthwiseConv2d(x, { kernelSize: 3, depthMultiplier: 2, padding: 'same' }))).toEqual([23, 23, 32]);
  });

  it('grouped conv requires channels divisible by groups', () => {
    const b = new GraphBuilder('t');
    const x = b.input([24, 24, 36]);
    expect(b.shape(b.conv2d(x, { filters: 9, kernelSize: 1, groups: 3 }))).toEqual([24, 24, 9]);
    expect(() => b.conv2d(x, { filters: 10, kernelSize: 1, groups: 3 }, 'g')).toThrow(ShapeError);
    expect(() => b.conv2d(x, { filters: 10, kernelSize: 1, groups: 3 }, 'g2')).toThrow('t: layer "g2" (conv2d): filters 10 are not divisible by groups 3');
  });

  it('pooling, global pooling, flatten, dense, softmax', () => {
    const b = new GraphBuilder('t');
    const x = b.input([48, 48, 24]);
    const p = b.maxPool(x, { poolSize: 3, strides: 2, padding: 'same' });
    expect(b.shape(p)).toEqual([24, 24, 24]);
    expect(b.shape(b.averagePool(p, { poolSize: 24 }))).toEqual([1, 1, 24]);
    const gap = b.globalAveragePool(p);
    expect(b.shape(gap)).toEqual([24]);
    expect(b.shape(b.globalAveragePool(p, { keepDims: true }))).toEqual([1, 1, 24]);
    expect(b.shape(b.softmax(b.dense(gap, 2)))).toEqual([2]);
    expect(b.shape(b.flatten(p))).toEqual([24 * 24 * 24]);
  });

  it('add needs equal shapes; multiply broadcasts (squeeze-and-excitation)', () => {
    const b = new GraphBuilder('t');
    const x = b.input([10, 10, 16]);
    const se = b.globalAveragePool(x, { keepDims: true });
    expect(b.shape(b.multiply([x, se]))).toEqual([10, 10, 16]);
    expect(() => b.add([x, se], 'bad_add')).toThrow(/bad_add.*equal shapes/);
  });

  it('concat sums the axis; split and shuffle check divisibility', () => {
    const b = new GraphBuilder('t');
    const x = b.input([12, 12, 24]);
    const [l, r] = b.channelSplit(x);
    expect(b.shape(l!)).toEqual([12, 12, 12]);
    expect(b.shape(b.concat([l!, x]))).toEqual([12, 12, 36]);
    expect(b.shape(b.channelShuffle(x, 3))).toEqual([12, 12, 24]);
    expect(() => b.channelShuffle(x, 5, 'sh')).toThrow(/sh.*not divisible by groups 5/);
    const odd = b.input([4, 4, 7], 'odd');
    expect(() => b.channelSplit(odd, 2, 'sp')).toThrow(/channels 7 are not divisible into 2 equal parts/);
    const small = b.input([4, 4, 3], 'small');
    expect(() => b.concat([r!, small], -1, 'cc')).toThrow(/differ outside axis/);
  });

  it('reshape infers one -1 and rejects a wrong element count; zero padding grows H and W', () => {
    const b = new GraphBuilder('t');
    const x = b.input([3, 3, 8]);
    expect(b.shape(b.reshape(x, [9, -1]))).toEqual([9, 8]);
    expect(() => b.reshape(x, [5, -1], 'rs')).toThrow(/cannot reshape \[3,3,8\]/);
    expect(b.shape(b.zeroPadding(x, [[0, 1], [0, 1]]))).toEqual([4, 4, 8]);
  });

  it('rejects a window larger than its input and bad attributes', () => {
    const b = new GraphBuilder('t');
    const x = b.input([2, 2, 4]);
    expect(() => b.conv2d(x, { filters: 4, kernelSize: 3, padding: 'valid' }, 'big')).toThrow(/input is too small/);
    expect(() => b.conv2d(x, { filters: 0, kernelSize: 1 }, 'zero')).toThrow(/attrs\.filters/);
    expect(() => b.dropout(x, 1.5, 'drop')).toThrow(/attrs\.rate/);
  });
});
