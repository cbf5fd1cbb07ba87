import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { predictOne } from '@cnn-analyzer/builders';
import { importTflite, importedTfjsModel } from './import-tflite.js';
import { runDequantized } from './fidelity.js';
import { drawScenes } from '../images/scenes.js';
import { REFERENCE_MODELS_DIR } from '../tflite/reference-models.js';
import { TfliteImportError } from '../tflite/format-error.js';
import { readTflite } from '../tflite/read-tflite.js';
import { tfliteToGraph } from '../tflite/to-graph.js';
import { tfliteWeights } from './tflite-weights.js';

const floatBytes = new Uint8Array(readFileSync(join(REFERENCE_MODELS_DIR, 'mlperf_tiny_vww_96_float.tflite')));

describe('importing a float .tflite with its weights', () => {
  const m = importTflite(floatBytes, 'vww');

  it('keeps the converter\'s folded form: conv / depthwise / dense with bias, no BatchNorm, 210,850 weights', () => {
    const ops = m.graph.nodes.map((n) => n.op);
    expect(ops).not.toContain('batchNorm');
    expect(ops.filter((o) => o === 'conv2d')).toHaveLength(14);
    expect(ops.filter((o) => o === 'depthwiseConv2d')).toHaveLength(13);
    expect(ops.filter((o) => o === 'dense')).toHaveLength(1);
    for (const n of m.graph.nodes) if (n.op === 'conv2d' || n.op === 'depthwiseConv2d' || n.op === 'dense') expect(n.attrs.useBias).toBe(true);
    // The MLPerf Tiny VWW reference (MobileNet v1 0.25, 96×96): 210,850 parameters, as the issue and its README state.
    const count = [...m.weights.values()].reduce((s, w) => s + w.values.reduce((a, v) => a + v.length, 0), 0);
    expect(count).toBe(210_850);
    const first = m.weights.get(m.graph.nodes[0]!.name)!;
    expect(first.shapes).toEqual([[3, 3, 3, 8], [8]]); // Keras HWIO from TFLite's OHWI [8, 3, 3, 3]
  });

  it('the TensorFlow.js model with the imported weights computes what TFLite computes on the original file', async () => {
    const inputs = drawScenes(6, 500).map((s) => s.sample);
    const reference = await runDequantized(floatBytes, inputs); // the real TFLite runtime, float32
    const model = importedTfjsModel(m);
    inputs.forEach((x, k) => {
      const y = predictOne(model, m.graph, x);
      // float32 in both; only summation order differs (≈1e-6 relative on these probabilities).
      y.forEach((v, i) => expect(Math.abs(v - reference[k]![i]!)).toBeLessThan(1e-4));
    });
    model.dispose();
  });

  it('names the layer whose weights are not stored in the file (e.g. float16 weights dequantized at run time)', () => {
    const model = readTflite(floatBytes);
    const sg = model.subgraphs[0]!;
    const kernel = sg.tensors[sg.operators[0]!.inputs[1]!]!;
    const buffers = model.buffers.map((b, i) => (i === kernel.buffer ? new Uint8Array(0) : b));
    const stripped = { ...model, buffers };
    expect(() => tfliteWeights(stripped, tfliteToGraph(stripped, 'vww'))).toThrow(TfliteImportError);
    expect(() => tfliteWeights(stripped, tfliteToGraph(stripped, 'vww'))).toThrow(/layer "model\/activation\/Relu.*the kernel "model\/conv2d\/Conv2D" has no constant data/);
  });
});
