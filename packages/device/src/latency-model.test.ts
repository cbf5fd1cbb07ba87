import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { costClasses, layerCostTerms, layerCycles, layerLatencies, workByClass, type LatencyModel } from './latency-model.js';

/** 8×8×4 input: 3×3 conv (8) + BN + ReLU, depthwise 3×3, 1×1 conv (8), ADD with the conv, pool, dense (2), softmax. */
function probe() {
  const g = new GraphBuilder('probe');
  const x = g.input([8, 8, 4]);
  const c = g.relu(g.batchNorm(g.conv2d(x, { filters: 8, kernelSize: 3, padding: 'same' })));
  const d = g.depthwiseConv2d(c, { kernelSize: 3, padding: 'same' });
  const p = g.conv2d(d, { filters: 8, kernelSize: 1 });
  const a = g.add([p, c]);
  const y = g.softmax(g.dense(g.globalAveragePool(a), 2));
  return g.build([y]);
}

describe('latency model terms', () => {
  it('classes layers as the kernels see them; BN and ReLU after a conv are fused', () => {
    expect(costClasses(probe())).toEqual(['conv', 'fused', 'fused', 'depthwise', 'pointwise', 'elementwise', 'pool', 'dense', 'softmax']);
  });

  it('takes MACs, output bytes and parameters from the layer shapes', () => {
    const t = layerCostTerms(probe());
    // 3×3×4 → 8 at 8×8: 64·8·36 MACs, 512 output bytes, 288 weights + 8 biases
    expect(t[0]).toEqual({ cls: 'conv', work: 18_432, outputBytes: 512, weightBytes: 296 });
    expect(t[1]).toEqual({ cls: 'fused', work: 0, outputBytes: 0, weightBytes: 0 });
    // depthwise 3×3 on 8 channels: 64·8·9 MACs, 72 weights + 8 biases
    expect(t[3]).toEqual({ cls: 'depthwise', work: 4_608, outputBytes: 512, weightBytes: 80 });
    expect(t[4]).toEqual({ cls: 'pointwise', work: 4_096, outputBytes: 512, weightBytes: 72 });
    // non-MAC layers: work is their output elements, no weights
    expect(t[5]).toEqual({ cls: 'elementwise', work: 512, outputBytes: 512, weightBytes: 0 });
    expect(t[7]).toEqual({ cls: 'dense', work: 16, outputBytes: 2, weightBytes: 18 });
    expect(t[8]).toEqual({ cls: 'softmax', work: 2, outputBytes: 2, weightBytes: 0 });
  });

  it('sums the work per class over the graph, fused layers left out', () => {
    // 18,432 + 4,096 MACs of convolutions, 4,608 depthwise, 16 dense; 512 ADD, 8 pooled and 2 softmax elements
    expect(workByClass(probe())).toEqual({ conv: 18_432, depthwise: 4_608, pointwise: 4_096, elementwise: 512, pool: 8, dense: 16, softmax: 2 });
  });

  it('adds work, output-byte, weight and per-operator cycles, and divides by the clock', () => {
    const model: LatencyModel = {
      runtime: 'test',
      coefficients: { conv: 2, pointwise: 1, depthwise: 5, dense: 1, pool: 3, elementwise: 4, softmax: 100, movement: 0, fused: 0 },
      perOperatorCycles: 1000,
      outputByteCycles: { conv: 10 },
      weightByteCycles: { conv: 20, depthwise: 1 },
      source: 'hand-made',
    };
    const t = layerCostTerms(probe());
    expect(layerCycles(model, t[0]!)).toBe(2 * 18_432 + 10 * 512 + 20 * 296 + 1000);
    expect(layerCycles(model, t[3]!)).toBe(5 * 4_608 + 80 + 1000);
    expect(layerCycles(model, t[1]!)).toBe(0);
    const ms = layerLatencies(model, probe(), 1e6);
    expect(ms[0]).toBeCloseTo((2 * 18_432 + 10 * 512 + 20 * 296 + 1000) / 1000, 9);
    expect(ms[8]).toBeCloseTo((100 * 2 + 1000) / 1000, 9);
  });
});
