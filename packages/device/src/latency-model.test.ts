import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { deployGraph } from '@cnn-analyzer/deployed-graph';
import { layerLatencies, opCostTerms, opLatencies, type LatencyModel } from './latency-model.js';
import { modelFeatures, opFeatures } from './op-features.js';

/** 8×8×3 input: 3×3 conv (6) + BN + ReLU, depthwise 3×3, 1×1 conv (6), ADD with the conv, pool, dense (2), softmax. */
function probe() {
  const g = new GraphBuilder('probe');
  const x = g.input([8, 8, 3]);
  const c0 = g.relu(g.batchNorm(g.conv2d(x, { filters: 6, kernelSize: 3, padding: 'same' })));
  const c = g.conv2d(c0, { filters: 6, kernelSize: 3, padding: 'same' });
  const d = g.depthwiseConv2d(c, { kernelSize: 3, padding: 'same' });
  const p = g.conv2d(d, { filters: 6, kernelSize: 1 });
  const a = g.add([p, c]);
  const y = g.softmax(g.dense(g.globalAveragePool(a), 2));
  return g.build([y]);
}

describe('latency features of deployed operators', () => {
  const deployed = deployGraph(probe());

  it('lists one entry per deployed operator; BN and ReLU after a conv are fused away', () => {
    expect(opCostTerms(deployed).map((t) => t.cls)).toEqual(['conv', 'conv', 'depthwise', 'pointwise', 'elementwise', 'pool', 'dense', 'softmax']);
  });

  it('reads MACs, channels, output bytes, weights and channel remainders from the shapes', () => {
    const f = opFeatures(deployed);
    // first conv reads the 3-channel image: 64 px · 6 · 27 MACs, 384 output bytes, 162 weights + 6 biases; the input's 192 elements
    expect(f[0]).toEqual({ 'mac.first': 10_368, 'chan.conv': 6, 'out.conv': 384, 'weights.conv': 168, input: 192, node: 1 });
    // 3×3, 6 → 6: 64 · 6 · 54 MACs; 6 channels are one group of 4 and 2 left over, in and out: 2/6 of the MACs each
    expect(f[1]).toEqual({ 'mac.conv': 20_736, 'tail.cin': 6_912, 'tail.cout': 6_912, 'chan.conv': 6, 'out.conv': 384, 'weights.conv': 330, node: 1 });
    expect(f[2]).toEqual({ 'mac.depthwise': 3_456, 'tail.depthwise': 1_152, 'chan.depthwise': 6, 'out.depthwise': 384, 'weights.depthwise': 60, node: 1 });
    expect(f[3]).toEqual({ 'mac.pointwise': 2_304, 'tail.cin': 768, 'tail.cout': 768, 'chan.conv': 6, 'out.conv': 384, 'weights.conv': 42, node: 1 });
    // ADD of two tensors: 384 elements; the pool reads 384 elements; dense 6 → 2
    expect(f[4]).toEqual({ add: 384, node: 1 });
    expect(f[5]).toEqual({ pool: 384, node: 1 });
    expect(f[6]).toEqual({ 'mac.dense': 12, 'out.dense': 2, 'weights.dense': 14, node: 1 });
    expect(f[7]).toEqual({ softmax: 2, node: 1 });
    expect(modelFeatures(deployed).node).toBe(8);
  });

  it('costs each operator as Σ cycles per unit × units and divides by the clock', () => {
    const model: LatencyModel = { runtime: 'test', version: '0', cycles: { 'mac.first': 3, 'mac.conv': 1, 'tail.cin': 2, node: 100, add: 5 }, interval: { relative: 0.1, basis: 'hand-made' }, source: 'hand-made' };
    const ms = opLatencies(model, deployed, 1e6);
    expect(ms[0]).toBeCloseTo((3 * 10_368 + 100) / 1000, 9);
    expect(ms[1]).toBeCloseTo((20_736 + 2 * 6_912 + 100) / 1000, 9);
    expect(ms[4]).toBeCloseTo((5 * 384 + 100) / 1000, 9);
    // per IR layer: the fused BN and ReLU cost nothing
    const layers = layerLatencies(model, probe(), 1e6);
    expect(layers[1]).toBe(0);
    expect(layers.reduce((a, b) => a + b, 0)).toBeCloseTo(ms.reduce((a, b) => a + b, 0), 9);
  });
});
