import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importTflite, quantizeImported } from './import-tflite.js';
import { compareLayerScales, compareWeights, impliedRanges, measureFidelity, runDequantized } from './fidelity.js';
import { assembleTflite } from '../quantize/quantize-model.js';
import { tfliteToGraph } from '../tflite/to-graph.js';
import { drawScenes } from '../images/scenes.js';
import { readTflite } from '../tflite/read-tflite.js';
import { writeTflite } from '../tflite/write-tflite.js';
import { REFERENCE_MODELS_DIR } from '../tflite/reference-models.js';

const load = (file: string): Uint8Array => new Uint8Array(readFileSync(join(REFERENCE_MODELS_DIR, file)));
const TFLM_RUN = join(dirname(REFERENCE_MODELS_DIR), 'tools', 'tflm', 'tflm-run');

/*
 * (a) TensorFlow's float VWW model, (b) TensorFlow's int8 file of it (calibrated on 11 COCO images), (c) our int8
 * export of (a)'s weights, calibrated on 32 generated scenes (seeds 100001…) — none of the 128 evaluation scenes
 * (seeds 1…128). All three run in the real TFLite runtime on the same 128 scenes.
 *
 * Margins, and why:
 * - mean |Δp| (ours) ≤ 1.25 × mean |Δp| (converter). The two files are calibrated on different data (COCO photos
 *   vs generated scenes), so the per-layer output scales differ by up to ~2× (the table below); a layer with a 2×
 *   coarser step adds 2× its rounding noise, but that noise is one of ~30 layers' contributions to the output error,
 *   which measured 0.024–0.026 for either file across calibration sets of 16–48 scenes. 25% bounds that spread.
 * - top-1 agreement: a quantized model can only flip the float model's decision where the float probability is
 *   within its own error of 0.5. Every input on which ours disagrees must be one where the converter's int8 error
 *   could flip it as well (|p_float − 0.5| below the converter's largest error), and the agreement may be lower than
 *   the converter's by at most 4 of the 128 inputs (of the ≈12 whose float probability lies within 0.1 of 0.5).
 */
const EVAL = 128;
const CALIBRATION = 32;
const MEAN_RATIO = 1.25;
const TOP1_SLACK = 4 / EVAL;

describe('our int8 quantization of the trained MLPerf VWW model against TensorFlow\'s converter', async () => {
  const floatBytes = load('mlperf_tiny_vww_96_float.tflite');
  const theirs = load('mlperf_tiny_vww_96_int8.tflite');
  const imported = importTflite(floatBytes, 'vww');
  const ours = quantizeImported(imported, { representative: drawScenes(CALIBRATION, 100001).map((s) => s.sample) });
  const oursBytes = writeTflite(ours);
  const inputs = drawScenes(EVAL, 1).map((s) => s.sample);
  const { float, rows } = await measureFidelity(floatBytes, [{ name: 'converter', bytes: theirs }, { name: 'ours', bytes: oursBytes }], inputs);
  const [conv, mine] = rows as [(typeof rows)[number], (typeof rows)[number]];

  it('our error against the float model is no worse than the converter\'s, within the stated margin', () => {
    console.log(`vs float on ${EVAL} scenes: converter mean |Δp| ${conv.meanAbsDiff.toFixed(4)} max ${conv.maxAbsDiff.toFixed(4)} top-1 ${conv.top1Agreement.toFixed(3)}; ours mean ${mine.meanAbsDiff.toFixed(4)} max ${mine.maxAbsDiff.toFixed(4)} top-1 ${mine.top1Agreement.toFixed(3)}`);
    expect(conv.meanAbsDiff).toBeGreaterThan(0); // the converter's int8 file is not the float model
    expect(mine.meanAbsDiff).toBeLessThanOrEqual(conv.meanAbsDiff * MEAN_RATIO);
    expect(mine.top1Agreement).toBeGreaterThanOrEqual(conv.top1Agreement - TOP1_SLACK);
    const top = (v: Float32Array): number => (v[1]! > v[0]! ? 1 : 0);
    mine.outputs.forEach((y, k) => {
      if (top(y) !== top(float[k]!)) expect(Math.abs(float[k]![1]! - 0.5)).toBeLessThan(conv.maxAbsDiff);
    });
  });

  it('per-layer output scales and zero points correspond to the converter\'s', () => {
    const table = compareLayerScales(ours, readTflite(theirs));
    // Same 31 operators in the same order: 27 convs, average pool, reshape, fully connected, softmax.
    expect(table.map((r) => r.operator)).toEqual(readTflite(theirs).subgraphs[0]!.operators.map((op) => readTflite(theirs).operatorCodes[op.opcodeIndex]!.builtin));
    for (const r of table) {
      // ReLU outputs start at 0, so both place 0 at −128; softmax is fixed at 1/256, −128 in TFLite.
      if (r.operator === 'CONV_2D' || r.operator === 'DEPTHWISE_CONV_2D' || r.operator === 'SOFTMAX') expect(r.ours.zeroPoint).toBe(r.theirs.zeroPoint);
      // Min/max calibration on different data: each scale within 3× of the converter's (measured: 0.77–2.2×).
      expect(r.scaleRatio).toBeGreaterThan(1 / 3);
      expect(r.scaleRatio).toBeLessThan(3);
    }
    expect(table.at(-1)).toMatchObject({ operator: 'SOFTMAX', ours: { scale: 1 / 256, zeroPoint: -128 } });
  });

  it('given the converter\'s activation ranges, our quantizer writes the converter\'s weights and outputs', async () => {
    // Isolate the quantizer from the calibration data: take each tensor's range from TensorFlow's int8 file.
    const floatModel = readTflite(floatBytes);
    const theirModel = readTflite(theirs);
    const ranges = impliedRanges(theirModel, floatModel, tfliteToGraph(floatModel, 'vww').tensorIndex);
    expect(ranges.size).toBeGreaterThanOrEqual(32); // the input and the 31 operator outputs (plus fused pre-activations)
    const same = readTflite(writeTflite(assembleTflite(imported.graph, imported.weights, ranges)));
    const cmp = compareWeights(same, theirModel);
    // TensorFlow raises a channel's weight scale when its int32 bias would overflow: |bias| / (input scale × max|w| / 127)
    // > 2^31 − 1. The trained model has many such "dead" channels (weights ≈ 1e-30 after L2 decay). Predict them by that rule.
    const hosts = imported.graph.nodes.filter((n) => n.op === 'conv2d' || n.op === 'depthwiseConv2d' || n.op === 'dense');
    const sg = theirModel.subgraphs[0]!;
    let predicted = 0;
    hosts.forEach((node, k) => {
      const w = imported.weights.get(node.name)!;
      const bias = w.values[1]!;
      const cout = bias.length;
      const inScale = sg.tensors[sg.operators[k]!.inputs[0]!]!.quantization!.scale[0]!;
      const maxAbs = new Float64Array(cout);
      w.values[0]!.forEach((v, i) => (maxAbs[i % cout] = Math.max(maxAbs[i % cout]!, Math.abs(v))));
      maxAbs.forEach((m, c) => { if (Math.abs(bias[c]!) / (inScale * (m / 127)) > 2 ** 31 - 1) predicted++; });
    });
    // Scales differ only where that rule applies (today: in all 971 of them; a quantizer that adopts the rule differs in none).
    expect(predicted).toBe(971);
    expect(cmp.rescaledChannels).toBeLessThanOrEqual(predicted);
    expect(cmp.channels + cmp.rescaledChannels).toBe(2_738); // every output channel of the 28 conv / depthwise / dense layers
    expect(cmp.weightsEqual).toBe(cmp.weights); // every int8 weight of every other channel is the converter's
    const { rows: [row] } = await measureFidelity(theirs, [{ name: 'ours with their ranges', bytes: writeTflite(same) }], inputs);
    // Same int8 arithmetic: at most one output step (1/256) apart on any scene (measured: identical on all 128).
    expect(row!.maxAbsDiff).toBeLessThanOrEqual(1 / 256);
    expect(row!.top1Agreement).toBe(1);
  });

  it.skipIf(!existsSync(TFLM_RUN))('runs in stock TFLM and gives the TFLite runtime\'s output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnna-vww-'));
    try {
      const model = join(dir, 'vww_ours.tflite');
      writeFileSync(model, oursBytes);
      const sg = ours.subgraphs[0]!;
      const q = sg.tensors[sg.inputs[0]!]!.quantization!;
      for (const k of [0, 1]) {
        const x = inputs[k]!;
        const input = join(dir, `input${k}.bin`);
        writeFileSync(input, Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / q.scale[0]! + q.zeroPoint[0]!)))));
        const run = spawnSync(TFLM_RUN, [model, '200000', input, '--no-record'], { encoding: 'utf8', timeout: 60_000 });
        expect(run.status, run.stderr).toBe(0);
        const result = JSON.parse(run.stdout) as { ok: boolean; stage: string; arena_used_bytes: number; outputs: { values: number[] }[] };
        expect(result).toMatchObject({ ok: true, stage: 'ok' });
        // Same graph, same tensor sizes: TFLM needs the arena it needs for TensorFlow's own int8 file.
        const converter = spawnSync(TFLM_RUN, [join(REFERENCE_MODELS_DIR, 'mlperf_tiny_vww_96_int8.tflite'), '200000', input, '--no-record'], { encoding: 'utf8', timeout: 60_000 });
        expect(result.arena_used_bytes).toBe((JSON.parse(converter.stdout) as { arena_used_bytes: number }).arena_used_bytes);
        const tflm = result.outputs[0]!.values.map((v) => (v + 128) / 256);
        const lite = (await runDequantized(oursBytes, [x]))[0]!;
        // TFLM's reference kernels and TFLite's XNNPACK kernels round a few requantizations differently: ≤ 2 output steps.
        tflm.forEach((p, i) => expect(Math.abs(p - lite[i]!)).toBeLessThanOrEqual(2 / 256));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
