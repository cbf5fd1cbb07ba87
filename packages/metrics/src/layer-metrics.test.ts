import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from './layer-metrics.js';

describe('analyzeGraph', () => {
  // Hand-worked with the formulas of MISSION.md / REFERENCE-ARCHITECTURES.md ("MACs: conv kh·kw·(Cin/groups)·Hout·Wout·Cout;
  // depthwise kh·kw·C·Hout·Wout; dense in·out"; "BatchNorm = 4 params per channel").
  const b = new GraphBuilder('hand');
  const x = b.input([96, 96, 3]);
  const c = b.conv2d(x, { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }, 'conv');
  const bn = b.batchNorm(c, {}, 'bn');
  const dw = b.depthwiseConv2d(b.relu(bn, 'relu'), { kernelSize: 3, padding: 'same', useBias: false }, 'dw');
  const g = b.conv2d(dw, { filters: 12, kernelSize: 1, groups: 4, useBias: false }, 'grouped');
  const gap = b.globalAveragePool(g, {}, 'gap');
  const out = b.softmax(b.dense(gap, 2, {}, 'fc'), 'softmax');
  const metrics = analyzeGraph(b.build([out]));
  const layer = (name: string) => metrics.layers.find((l) => l.name === name)!;

  it('counts params as Keras does', () => {
    expect(layer('conv').params).toBe(3 * 3 * 3 * 8 + 8); // 224
    expect(layer('bn').params).toBe(4 * 8);
    expect(layer('bn').trainableParams).toBe(2 * 8);
    expect(layer('dw').params).toBe(3 * 3 * 8);
    expect(layer('grouped').params).toBe((8 / 4) * 12);
    expect(layer('fc').params).toBe(12 * 2 + 2);
    expect(metrics.totals.params).toBe(224 + 32 + 72 + 24 + 26);
    expect(metrics.totals.nonTrainableParams).toBe(16);
  });

  it('counts MACs only for conv, depthwise and dense, with groups', () => {
    expect(layer('conv').macs).toBe(3 * 3 * 3 * 48 * 48 * 8); // 497,664
    expect(layer('dw').macs).toBe(3 * 3 * 8 * 48 * 48);
    expect(layer('grouped').macs).toBe(1 * 1 * (8 / 4) * 48 * 48 * 12);
    expect(layer('fc').macs).toBe(12 * 2);
    expect(layer('bn').macs + layer('relu').macs + layer('gap').macs + layer('softmax').macs).toBe(0);
  });

  it('counts element ops as FLOPs and int8 output bytes', () => {
    expect(layer('conv').flops).toBe(2 * 497_664 + 48 * 48 * 8);
    expect(layer('bn').flops).toBe(2 * 48 * 48 * 8);
    expect(layer('gap').flops).toBe(48 * 48 * 12);
    expect(layer('conv').activationBytes).toBe(48 * 48 * 8);
    expect(layer('conv').inputShape).toEqual([96, 96, 3]);
    expect(layer('grouped').outputChannels).toBe(12);
    expect(metrics.totals.inputBytes).toBe(96 * 96 * 3);
  });
});
