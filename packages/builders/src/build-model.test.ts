import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { buildTfjsModel } from './build-model.js';
import { loadFromMemory, saveToMemory } from './save-load.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const EXAMPLES = PLUGINS.flatMap((p) => (p.examples ?? []).map((name) => ({ plugin: p, name })));

describe('tfjs models from the IR', () => {
  // tfjs counts its own weights: an independent check of metrics' Keras-style parameter count.
  it.each(EXAMPLES.map((e) => [e.name, e.plugin] as const))('%s: tfjs countParams() equals the metrics params', (name, plugin) => {
    const parsed = parseName(name, PLUGINS);
    const graph = plugin.create(parsed.factors as Record<string, unknown>).graph;
    const model = buildTfjsModel(graph, { seed: 1 });
    expect(model.countParams()).toBe(analyzeGraph(graph).totals.params);
    model.dispose();
  });

  it.each(['mobilenetv1_0.25_96_c3_o2', 'mobilenetv3small_0.3_96_c3_o2', 'shufflenetv1_0.25_96_c3_o2', 'shufflenetv2_0.1_96_c3_o2_l128', 'mobilenetv2_0.25_96_c3_o2_t5l256'])(
    '%s: a forward pass gives class probabilities, and save → load gives identical outputs',
    async (name) => {
      const parsed = parseName(name, PLUGINS);
      const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
      const model = buildTfjsModel(graph, { seed: 7, randomBatchNorm: true });
      const x = tf.randomUniform([2, 96, 96, 3], 0, 1, 'float32', 3);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([2, 2]);
      const rows = (await y.array()) as number[][];
      for (const row of rows) expect(row[0]! + row[1]!).toBeCloseTo(1, 5);
      const loaded = await loadFromMemory(await saveToMemory(model));
      const y2 = loaded.predict(x) as tf.Tensor;
      expect(await y2.array()).toEqual(rows);
      tf.dispose([x, y, y2]);
      model.dispose();
      loaded.dispose();
    },
  );

  it('names layers as the IR nodes', () => {
    const graph = mobilenetV1.create().graph;
    const model = buildTfjsModel(graph);
    expect(model.layers.slice(1).map((l) => l.name)).toEqual(graph.nodes.map((n) => n.name));
    model.dispose();
  });
});
