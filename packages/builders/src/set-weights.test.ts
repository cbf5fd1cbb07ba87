import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { buildTfjsModel } from './build-model.js';
import { layerWeights, predictOne } from './inspect.js';
import { setLayerWeights } from './set-weights.js';

describe('setLayerWeights', () => {
  // Grouped convolutions (a custom layer), BatchNorm and dense: every kind of weighted layer the builders make.
  const graph = (() => {
    const p = parseName('shufflenetv1_0.25_96_c3_o2', [shufflenetV1] as unknown as Architecture[]);
    return p.architecture.create(p.factors as Record<string, unknown>).graph;
  })();

  it('gives a model built with other seeds the weights of another, so both compute the same', () => {
    const a = buildTfjsModel(graph, { seed: 1, randomBatchNorm: true });
    const b = buildTfjsModel(graph, { seed: 2, randomBatchNorm: true });
    const x = Float32Array.from({ length: 96 * 96 * 3 }, (_, i) => ((i * 7919) % 255) / 255);
    const before = predictOne(b, graph, x);
    setLayerWeights(b, graph, layerWeights(a, graph));
    const want = predictOne(a, graph, x);
    expect(Math.max(...before.map((v, i) => Math.abs(v - want[i]!)))).toBeGreaterThan(1e-3); // the seeds differ
    expect([...predictOne(b, graph, x)]).toEqual([...want]);
    [a, b].forEach((m) => m.dispose());
  });

  it('names the layer when weights are missing or of the wrong shape', () => {
    const m = buildTfjsModel(graph, { seed: 1 });
    const weights = layerWeights(m, graph);
    const conv = graph.nodes.find((n) => n.op === 'conv2d')!.name;
    const wrong = new Map(weights);
    wrong.set(conv, { shapes: [[1, 1, 1, 1]], values: [new Float32Array(1)] });
    expect(() => setLayerWeights(m, graph, wrong)).toThrow(new RegExp(`layer "${conv}": weights of shapes \\[1x1x1x1\\] given`));
    const missing = new Map(weights);
    missing.delete(conv);
    expect(() => setLayerWeights(m, graph, missing)).toThrow(`layer "${conv}" (conv2d) has no weights to set`);
    m.dispose();
    tf.disposeVariables();
  });
});
