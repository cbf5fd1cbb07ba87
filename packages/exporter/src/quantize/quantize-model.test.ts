import { describe, expect, it } from 'vitest';
import { elementCount, parseName, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, predictOne } from '@cnn-analyzer/builders';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { quantizeModel } from './quantize-model.js';
import { writeTflite } from '../tflite/write-tflite.js';
import { readTflite } from '../tflite/read-tflite.js';
import { createTfliteRunner } from '../tflite/runtime.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
// Every example variation of every plugin, at its own resolution (the 224×224 ImageNet-sized ones too).
const EXAMPLES = PLUGINS.flatMap((p) => p.examples ?? []);

/** Inputs with a different brightness and contrast each, so the untrained networks' outputs differ between them. */
function testInputs(graph: LayerGraph, count: number): Float32Array[] {
  const n = elementCount(graph.tensors[graph.inputs[0]!]!.shape);
  let s = 12345;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: count }, (_, k) => {
    const gain = 0.2 + (0.8 * k) / count;
    const offset = rand() * (1 - gain);
    return Float32Array.from({ length: n }, () => offset + gain * rand());
  });
}

/*
 * Tolerance on the dequantized softmax outputs: 0.02 (≈ 5 steps of the 1/256 output scale). Half an output step
 * (0.002) comes from the output quantization itself; each of the ~20–60 int8 layers adds at most half a step of its
 * own 1/255 range, and these independent rounding errors grow roughly with the square root of the depth (~0.01 of the
 * range at the logits); 0.02 bounds both with margin. The float reference is TensorFlow.js running the same weights.
 */
const TOLERANCE = 0.02;

describe('int8 export runs in the real TensorFlow Lite runtime and agrees with the float model', () => {
  it.each(EXAMPLES)('%s', async (name) => {
    const parsed = parseName(name, PLUGINS);
    const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
    const model = buildTfjsModel(graph, { seed: 3, randomBatchNorm: true });
    // ImageNet-sized variations run on fewer samples: the pure-JS float model is the slow part.
    const large = graph.tensors[graph.inputs[0]!]!.shape[0]! > 128;
    const inputs = testInputs(graph, large ? 2 : 8);
    const tflite = quantizeModel(graph, model, { representative: testInputs(graph, large ? 4 : 16) });
    const runner = await createTfliteRunner(writeTflite(tflite));
    const sg = tflite.subgraphs[0]!;
    const inQ = sg.tensors[sg.inputs[0]!]!.quantization!;
    const outQ = sg.tensors[sg.outputs[0]!]!.quantization!;
    expect(runner.inputs[0]!.dataType).toBe('int8');
    expect(outQ).toMatchObject({ scale: [1 / 256], zeroPoint: [-128] });
    const floats: number[] = [];
    for (const x of inputs) {
      const f = predictOne(model, graph, x);
      const q = Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / inQ.scale[0]! + inQ.zeroPoint[0]!))));
      const y = runner.run([q])[0]!;
      f.forEach((p, i) => {
        expect(Math.abs((y[i]! - outQ.zeroPoint[0]!) * outQ.scale[0]! - p)).toBeLessThanOrEqual(TOLERANCE);
        floats.push(p);
      });
    }
    runner.dispose();
    model.dispose();
  }, 120_000);

  it('writes the structure TFLM expects: folded BN, fused ReLU, per-channel int8 weights, int32 biases', () => {
    const graph = mobilenetV1.create().graph;
    const model = buildTfjsModel(graph, { seed: 1 });
    const m = readTflite(writeTflite(quantizeModel(graph, model, { samples: 4 })));
    const sg = m.subgraphs[0]!;
    const ops = sg.operators.map((o) => m.operatorCodes[o.opcodeIndex]!.builtin);
    // The MLPerf Tiny reference file has the same operator sequence: 27 convs, average pool, reshape, FC, softmax.
    expect(ops.filter((o) => o === 'CONV_2D' || o === 'DEPTHWISE_CONV_2D')).toHaveLength(27);
    expect(ops.slice(-4)).toEqual(['AVERAGE_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX']);
    const conv = sg.operators[0]!;
    expect(conv.options.fused_activation_function).toBe(1);
    const [x, w, b] = conv.inputs.map((i) => sg.tensors[i]!);
    expect(w!.type).toBe('INT8');
    expect(w!.shape).toEqual([8, 3, 3, 3]); // OHWI
    expect(w!.quantization!.scale).toHaveLength(8);
    expect(w!.quantization!.zeroPoint.every((z) => z === 0)).toBe(true);
    expect(b!.type).toBe('INT32');
    b!.quantization!.scale.forEach((s, c) => expect(s).toBeCloseTo(x!.quantization!.scale[0]! * w!.quantization!.scale[c]!, 12));
    expect(x!.type).toBe('INT8');
    model.dispose();
  });

  it('offers float input and output through QUANTIZE and DEQUANTIZE', async () => {
    const graph = mobilenetV1.create({ alpha: 0.1, resolution: 32 }).graph;
    const model = buildTfjsModel(graph, { seed: 2 });
    const runner = await createTfliteRunner(writeTflite(quantizeModel(graph, model, { samples: 4, floatIO: true })));
    expect(runner.inputs[0]!.dataType).toBe('float32');
    expect(runner.outputs[0]!.dataType).toBe('float32');
    const y = runner.run([new Float32Array(32 * 32 * 3).fill(0.5)])[0]!;
    expect(y[0]! + y[1]!).toBeCloseTo(1, 1);
    runner.dispose();
    model.dispose();
  });
});

describe('int8 model size without TensorFlow.js', () => {
  it.each(['mobilenetv1_0.25_96_c3_o2', 'shufflenetv1_0.25_96_c3_o2_g8', 'mobilenetv3small_0.3_96_c3_o2'])('%s: equals the bytes of the calibrated export', async (name) => {
    const { int8ModelBytes } = await import('../size/model-file-size.js');
    const parsed = parseName(name, PLUGINS);
    const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
    const model = buildTfjsModel(graph, { seed: 5, randomBatchNorm: true });
    expect(int8ModelBytes(graph)).toBe(writeTflite(quantizeModel(graph, model, { samples: 4 })).length);
    expect(int8ModelBytes(graph, { stripNames: true })).toBe(writeTflite(quantizeModel(graph, model, { samples: 4 }), { stripNames: true }).length);
    model.dispose();
  });
});

describe('exporting a memory-optimal operator order', () => {
  it('writes the operators in the planned order and computes exactly the same outputs', async () => {
    const { memoryReport } = await import('@cnn-analyzer/memory-planner');
    const parsed = parseName('shufflenetv2_1_64_c3_o2', PLUGINS);
    const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
    const plan = memoryReport(graph, { order: 'optimal' });
    // At α = 1 the listed order keeps a down-sampling unit's input alive while its other branch runs:
    // running branch B first lowers the peak (43,264 → 38,656 bytes by the planner's count).
    expect(plan.peakBytes).toBeLessThan(plan.defaultPeakBytes);
    const model = buildTfjsModel(graph, { seed: 4, randomBatchNorm: true });
    const calibration = testInputs(graph, 8);
    const listed = quantizeModel(graph, model, { representative: calibration });
    const reordered = quantizeModel(graph, model, { representative: calibration, operatorOrder: plan.operators });
    const names = (m: typeof listed): string[] => m.subgraphs[0]!.operators.map((o) => m.subgraphs[0]!.tensors[o.outputs[0]!]!.name);
    expect(names(reordered)).not.toEqual(names(listed));
    expect([...names(reordered)].sort()).toEqual([...names(listed)].sort());
    const a = await createTfliteRunner(writeTflite(listed));
    const b = await createTfliteRunner(writeTflite(reordered));
    for (const x of testInputs(graph, 3)) {
      const q = Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v * 255 - 128))));
      expect([...b.run([q])[0]!]).toEqual([...a.run([q])[0]!]);
    }
    a.dispose();
    b.dispose();
    model.dispose();
  });

  it('refuses an order that runs a layer before its input exists', () => {
    const graph = mobilenetV1.create({ alpha: 0.1, resolution: 32 }).graph;
    const model = buildTfjsModel(graph, { seed: 1 });
    const names = graph.nodes.filter((n) => !['batchNorm', 'relu'].includes(n.op)).map((n) => n.name).reverse();
    expect(() => quantizeModel(graph, model, { samples: 2, operatorOrder: names })).toThrow(/operatorOrder: layer .* would run before/);
    model.dispose();
  });
});
