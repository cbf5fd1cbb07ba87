import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { memoryReport } from '@cnn-analyzer/memory-planner';
import { readTflite } from './read-tflite.js';
import { tfliteToGraph } from './to-graph.js';
import { TfliteImportError } from './format-error.js';
import { REFERENCE_MODELS_DIR, referenceModelFiles } from './reference-models.js';

const load = (rel: string): Uint8Array => readFileSync(join(REFERENCE_MODELS_DIR, rel));

describe('reading real .tflite files (shared/reference-models, written by TensorFlow\'s converter)', () => {
  const files = referenceModelFiles();
  it('finds the reference models', () => expect(files.length).toBeGreaterThan(50));

  it('reads every file: operators reference existing opcodes and tensors', () => {
    for (const file of files) {
      const m = readTflite(readFileSync(file));
      for (const sg of m.subgraphs) {
        for (const op of sg.operators) {
          expect(op.opcodeIndex, file).toBeLessThan(m.operatorCodes.length);
          for (const t of [...op.inputs, ...op.outputs]) expect(t, file).toBeLessThan(sg.tensors.length);
        }
        for (const t of sg.tensors) expect(t.buffer, file).toBeLessThan(m.buffers.length);
      }
    }
  });

  it('reads the MLPerf Tiny VWW int8 model as the converter wrote it (MLIR, 31 operators, int8 weights)', () => {
    const m = readTflite(load('mlperf_tiny_vww_96_int8.tflite'));
    const sg = m.subgraphs[0]!;
    expect(m.version).toBe(3);
    expect(sg.operators).toHaveLength(31);
    const first = sg.operators[0]!;
    expect(m.operatorCodes[first.opcodeIndex]!.builtin).toBe('CONV_2D');
    expect(first.options).toMatchObject({ padding: 0, stride_w: 2, stride_h: 2, fused_activation_function: 1 });
    const weights = sg.tensors[first.inputs[1]!]!;
    expect(weights.shape).toEqual([8, 3, 3, 3]);
    expect(weights.type).toBe('INT8');
    expect(weights.quantization!.scale).toHaveLength(8); // per-channel
    expect(m.buffers[weights.buffer]!.length).toBe(8 * 3 * 3 * 3);
  });
});

describe('tflite → IR', () => {
  it('gives the MLPerf VWW model 7,489,664 MACs and the layer shapes of mobilenetv1_0.25_96_c3_o2 (MISSION.md)', () => {
    const { graph } = tfliteToGraph(readTflite(load('mlperf_tiny_vww_96_int8.tflite')));
    const imported = analyzeGraph(graph);
    expect(imported.totals.macs).toBe(7_489_664);
    const generated = analyzeGraph(mobilenetV1.create().graph);
    const shapes = (layers: typeof imported.layers) =>
      layers.filter((l) => ['conv2d', 'depthwiseConv2d', 'averagePool', 'dense', 'softmax'].includes(l.op)).map((l) => `${l.op} ${l.outputShape.join('x')}`);
    expect(shapes(imported.layers)).toEqual(shapes(generated.layers));
    // weights and biases only: the file has no BatchNorm (221,794 − 4 × 1,368 BN channels... as folded biases)
    expect(imported.totals.params).toBe(generated.layers.filter((l) => l.op !== 'batchNorm').reduce((s, l) => s + l.params, 0));
  });

  it('gives the MLPerf file the same peak memory as the generated reference model (55,296 bytes)', () => {
    const { graph } = tfliteToGraph(readTflite(load('mlperf_tiny_vww_96_int8.tflite')));
    const fromFile = memoryReport(graph, { activations: 'dtype' });
    expect(fromFile.peakBytes).toBe(55_296);
    expect(fromFile.peakBytes).toBe(memoryReport(mobilenetV1.create().graph).peakBytes);
    expect(fromFile.arenaBytes).toBeGreaterThanOrEqual(55_296);
  });

  it('imports person_detect.tflite and plans its memory', () => {
    const { graph } = tfliteToGraph(readTflite(load('tflm/tensorflow/lite/micro/models/person_detect.tflite')));
    const report = memoryReport(graph, { activations: 'dtype' });
    // TFLM's person detection model: 96×96×1 int8 input, first conv to 48×48×8 → 9,216 + 18,432 bytes at the start.
    expect(report.timeline[0]!.bytes).toBe(96 * 96 + 48 * 48 * 8);
    expect(report.peakBytes).toBeGreaterThan(0);
    expect(report.arenaBytes).toBeGreaterThanOrEqual(report.peakBytes);
  });

  it('names the operator it cannot map', () => {
    const lstm = readTflite(load('tflm/tensorflow/lite/micro/examples/mnist_lstm/trained_lstm_int8.tflite'));
    expect(() => tfliteToGraph(lstm)).toThrow(TfliteImportError);
    expect(() => tfliteToGraph(lstm)).toThrow(/^\.tflite import: operator UNIDIRECTIONAL_SEQUENCE_LSTM has no equivalent in the layer-graph IR/);
  });

  it('flattens the input of a fully connected layer as TFLite does (micro_speech)', () => {
    const m = readTflite(load('tflm/tensorflow/lite/micro/examples/micro_speech/models/micro_speech_quantized.tflite'));
    const { graph } = tfliteToGraph(m);
    expect(graph.tensors[graph.outputs[0]!]!.shape).toEqual([4]);
  });
});
