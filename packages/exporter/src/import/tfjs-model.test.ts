import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, predictOne, saveToMemory } from '@cnn-analyzer/builders';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { loadTfjsModelFile, tfjsToGraph, TfjsImportError } from './tfjs-model.js';
import { importedTfjsModel } from './import-tflite.js';
import { drawScene } from '../images/scenes.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const NAMES = PLUGINS.map((p) => p.examples!.find((n) => !n.includes('_224_'))!);

/** Write a model as `export --format tfjs` does: model.json (topology + manifest) and weights.bin. */
async function writeTfjs(dir: string, model: Parameters<typeof saveToMemory>[0]): Promise<string> {
  const saved = await saveToMemory(model);
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(saved.weightData as ArrayBuffer));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: saved.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }] }));
  return join(dir, 'model.json');
}

describe('importing a TensorFlow.js layers model (model.json + weights) with its weights', () => {
  it.each(NAMES)('%s: the graph and the outputs survive export --format tfjs and import', async (name) => {
    const parsed = parseName(name, PLUGINS);
    const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
    const original = buildTfjsModel(graph, { seed: 5, randomBatchNorm: true });
    const dir = mkdtempSync(join(tmpdir(), 'cnna-tfjs-'));
    try {
      const loaded = await loadTfjsModelFile(await writeTfjs(dir, original));
      const imported = tfjsToGraph(loaded, name);
      // The same layers (tfjs lists parallel branches in its own topological order; a kept-dims global pool is written as pool + reshape).
      const ops = (g: typeof graph): string[] => g.nodes.flatMap((n) => (n.op === 'globalAveragePool' && n.attrs.keepDims ? ['globalAveragePool', 'reshape'] : [n.op]));
      expect(ops(imported.graph).sort()).toEqual(ops(graph).sort());
      const rebuilt = importedTfjsModel(imported);
      const x = drawScene(7, graph.tensors[graph.inputs[0]!]!.shape[0]!).sample;
      const sample = graph.tensors[graph.inputs[0]!]!.shape[2] === 1 ? x.filter((_, i) => i % 3 === 0) : x;
      const want = predictOne(original, graph, sample);
      const got = predictOne(rebuilt, imported.graph, sample);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
      [original, loaded, rebuilt].forEach((m) => m.dispose());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports a Keras-style model: fused activations become their own layers, BatchNorm without scale gets gamma 1', async () => {
    const m = tf.sequential({ name: 'keras_style', layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'stem' }),
      tf.layers.batchNormalization({ scale: false, name: 'bn', betaInitializer: 'ones', movingMeanInitializer: 'ones' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu6', name: 'dw' }),
      tf.layers.activation({ activation: 'linear', name: 'identity' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'head' }),
    ] });
    const dir = mkdtempSync(join(tmpdir(), 'cnna-tfjs-'));
    try {
      const imported = tfjsToGraph(await loadTfjsModelFile(await writeTfjs(dir, m)));
      expect(imported.graph.nodes.map((n) => `${n.name}:${n.op}`)).toEqual(['stem:conv2d', 'stem/activation:relu', 'bn:batchNorm', 'dw:depthwiseConv2d', 'dw/activation:relu6', 'gap:globalAveragePool', 'head:dense', 'head/activation:softmax']);
      expect(imported.weights.get('bn')!.values[0]).toEqual(new Float32Array(8).fill(1));
      const x = drawScene(3, 32).sample;
      const want = (m.predict(tf.tensor(x, [1, 32, 32, 3])) as tf.Tensor).dataSync();
      const got = predictOne(importedTfjsModel(imported), imported.graph, x);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the layer and the rule when a layer has no IR equivalent', () => {
    const make = (layer: tf.layers.Layer): tf.Sequential => tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [8, 8, 4] }), layer] });
    expect(() => tfjsToGraph(make(tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, name: 'up' })))).toThrow(/layer "up" \(Conv2DTranspose\): no equivalent in the layer-graph IR/);
    expect(() => tfjsToGraph(make(tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, name: 'atrous' })))).toThrow('layer "atrous" (Conv2D): dilation [2,2] (expected dilation 1)');
    expect(() => tfjsToGraph(make(tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'elu', name: 'elu' })))).toThrow('layer "elu" (Conv2D): activation "elu"');
  });

  it('names the file and the rule when model.json is not a layers model or a weight file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnna-tfjs-'));
    try {
      writeFileSync(join(dir, 'model.json'), '{"format":"graph-model"}');
      await expect(loadTfjsModelFile(join(dir, 'model.json'))).rejects.toThrow(/model\.json: no modelTopology or weightsManifest/);
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['missing.bin'], weights: [] }] }));
      await expect(loadTfjsModelFile(join(dir, 'model.json'))).rejects.toThrow(TfjsImportError);
      await expect(loadTfjsModelFile(join(dir, 'model.json'))).rejects.toThrow(/weight file "missing.bin" not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
