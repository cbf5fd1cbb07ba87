import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, predictOne, setLayerWeights } from '@cnn-analyzer/builders';
import { quantizeModel } from './quantize-model.js';
import { quantizeSymmetric } from './qparams.js';
import { writeTflite } from '../tflite/write-tflite.js';
import { createTfliteRunner } from '../tflite/runtime.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_MODELS_DIR } from '../tflite/reference-models.js';
import { readTflite } from '../tflite/read-tflite.js';
import type { TfliteModel } from '../tflite/model.js';
import { importTflite, quantizeImported } from '../import/import-tflite.js';
import { drawScenes } from '../images/scenes.js';

/*
 * A 1×1 conv whose channel 0 has weights decayed to ≈0 (1e-12) and a bias of 0.3, so its float output is the
 * constant 0.3 for any input; channels 1 and 2 are ordinary. At the natural weight scale (1e-12 / 127) the int32
 * bias would be 0.3 / (input scale · weight scale) ≈ 1e13, far beyond int32: saturated, the channel would output
 * ≈0. TensorFlow's converter raises that channel's weight scale so the bias lands at half the int32 range
 * (its unit test: |bias| / (2³¹ − 1) ≤ 0.6 · input scale · new scale); the channel must keep its 0.3.
 */
const graph = (() => {
  const b = new GraphBuilder('decayed');
  const x = b.input([4, 4, 2]);
  return b.build([b.conv2d(x, { filters: 3, kernelSize: 1, padding: 'same' }, 'conv')]);
})();
const kernel = Float32Array.from([1e-12, 0.5, -0.25, -1e-12, 0.75, 0.5]); // [1, 1, 2 in, 3 out], out fastest
const bias = Float32Array.from([0.3, 0.1, -0.05]);
const inputs = Array.from({ length: 8 }, (_, k) => Float32Array.from({ length: 32 }, (_, i) => ((i * 7 + k * 13) % 17) / 16));

describe("the weight scale is raised so the int32 bias fits, as TensorFlow's converter does", () => {
  it('leaves the scale alone where the bias fits, raises it where it would not', () => {
    const inputScale = 1 / 255;
    const q = quantizeSymmetric(Float32Array.from([1e-12, 0.5]), 2, (i) => i, { bias: Float32Array.from([0.3, 0.1]), inputScale });
    expect(q.scales[1]).toBe(Math.fround(0.5 / 127));
    expect(q.scales[0]! > 1e-12 / 127).toBe(true);
    expect(0.3 / 2147483647).toBeLessThanOrEqual(0.6 * inputScale * q.scales[0]!); // TensorFlow's own test bound
    expect(Math.round(0.3 / (inputScale * q.scales[0]!))).toBeLessThanOrEqual(2147483647);
  });

  it('a channel whose weights decayed to ≈0 keeps its constant output in TensorFlow Lite', async () => {
    const model = buildTfjsModel(graph);
    setLayerWeights(model, graph, new Map([['conv', { shapes: [[1, 1, 2, 3], [3]], values: [kernel, bias] }]]));
    const tflite = quantizeModel(graph, model, { representative: inputs });
    const sg = tflite.subgraphs[0]!;
    const inQ = sg.tensors[sg.inputs[0]!]!.quantization!;
    const outQ = sg.tensors[sg.outputs[0]!]!.quantization!;
    const runner = await createTfliteRunner(writeTflite(tflite));
    try {
      for (const x of inputs) {
        const float = predictOne(model, graph, x);
        const q = Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / inQ.scale[0]! + inQ.zeroPoint[0]!))));
        const y = Array.from(runner.run([q])[0]!, (v) => (v - outQ.zeroPoint[0]!) * outQ.scale[0]!);
        for (let p = 0; p < 16; p++) {
          // the constant channel: its float value, to one output step (half a step of output rounding, half of input)
          expect(Math.abs(y[p * 3]! - 0.3)).toBeLessThanOrEqual(outQ.scale[0]!);
          // the ordinary channels agree with the float model to within two output steps
          for (const c of [1, 2]) expect(Math.abs(y[p * 3 + c]! - float[p * 3 + c]!)).toBeLessThanOrEqual(2 * outQ.scale[0]!);
        }
      }
    } finally {
      runner.dispose();
      model.dispose();
    }
  });
});

/** The int32 bias values of a model's conv / depthwise / dense operators. */
function biasValues(m: TfliteModel): number[] {
  const sg = m.subgraphs[0]!;
  return sg.operators.filter((op) => op.inputs.length > 2 && op.inputs[2]! >= 0).flatMap((op) => {
    const b = m.buffers[sg.tensors[op.inputs[2]!]!.buffer]!;
    return Array.from(new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  });
}

describe('on the trained MLPerf VWW model', () => {
  it('the converter\'s int8 file shows the rule (biases at exactly 2³⁰), and so does ours, with no bias saturated', () => {
    const load = (f: string): Uint8Array => new Uint8Array(readFileSync(join(REFERENCE_MODELS_DIR, f)));
    const half = 2 ** 30; // round((2³¹ − 1) / 2): where a raised channel's bias lands
    const theirs = biasValues(readTflite(load('mlperf_tiny_vww_96_int8.tflite')));
    const ours = biasValues(quantizeImported(importTflite(load('mlperf_tiny_vww_96_float.tflite'), 'vww'), { representative: drawScenes(32, 100001).map((s) => s.sample) }));
    const count = (v: number[], f: (x: number) => boolean): number => v.filter(f).length;
    console.log(`biases at ±2³⁰: converter ${count(theirs, (x) => Math.abs(x) === half)} of ${theirs.length}, ours ${count(ours, (x) => Math.abs(x) === half)} of ${ours.length}`);
    // measured: 630 of 2,738 in TensorFlow's file (dead channels of the trained network), 734 in ours (other calibration)
    expect(count(theirs, (x) => Math.abs(x) === half)).toBeGreaterThan(100);
    expect(count(ours, (x) => Math.abs(x) === half)).toBeGreaterThan(100);
    expect(count(ours, (x) => Math.abs(x) >= 2147483647)).toBe(0);
  });
});
