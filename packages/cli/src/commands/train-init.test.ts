import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTfliteRunner, referenceModelsDir } from '@cnn-analyzer/exporter';
import { getVariation, openModelDb, trainedRunDetails } from '@cnn-analyzer/model-db';
import { writeShapesDataset } from '@cnn-analyzer/trainer';
import { runCaptured } from '../run-captured.js';

const VWW = join(referenceModelsDir(), 'mlperf_tiny_vww_96_float.tflite');
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

describe('cnn-analyzer train from a trained float model file', () => {
  const data = tmp('shapes-');
  writeShapesDataset(data, { perClass: 30, size: 48 });
  const cache = tmp('cache-');

  it('refuses --init when the variation differs in structure from the file, naming the first layer that differs', async () => {
    const r = await runCaptured('train', 'mobilenetv1_0.25_96_c3_o2_l3', '--init', VWW, '--data', data, '--no-db', '--out', tmp('o-'));
    expect(r.code).toBe(2);
    // l = 3 keeps three of the five repeated 512-channel blocks: the file's 20th weighted layer is the 4th repeated
    // block's depthwise (stride 1, 6×6), the variation's is the stride-2 depthwise that follows the repeats (3×3)
    expect(r.err).toBe(`error: --init ${VWW}: weighted layer 20 differs: mobilenetv1_0.25_96_c3_o2_l3's "conv_dw_10" is depthwiseConv2d, output 3×3×128, kernel 3×3, strides 2×2; the file's is depthwiseConv2d, output 6×6×128, kernel 3×3, strides 1×1\n`);
  });

  it('fine-tunes the file, records the run, and its checkpoint evaluates and exports as the file\'s graph', async () => {
    const out = tmp('run-');
    const db = join(out, 'runs.db');
    const r = await runCaptured('train', VWW, '--data', data, '--epochs', '1', '--batch-size', '32', '--lr', '0.0003', '--backend', 'wasm', '--cache', cache, '--out', out, '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^init: 58 layers with their trained weights from /m);
    const result = JSON.parse(r.out.trim().split('\n').at(-1)!) as { name: string; init: string; checkpoint: string; tflitePath: string; float: { accuracy: number }; int8: { accuracy: number } };
    expect(result.init).toBe(VWW);
    expect(result.name).toMatch(/^mlperf_tiny_vww_96_float\.tflite@[0-9a-f]{12}$/);
    const handle = openModelDb(db);
    const runs = getVariation(handle, result.name)!.trainingRuns;
    expect(runs).toHaveLength(1);
    expect(trainedRunDetails(handle, runs[0]!.id)).toMatchObject({ init: VWW, checkpoint: result.checkpoint, tflite: result.tflitePath, backend: 'wasm' });
    handle.close();

    const ev = await runCaptured('evaluate', result.checkpoint, '--data', data, '--tflite', result.tflitePath, '--cache', cache, '--backend', 'wasm', '--no-db', '--json');
    expect(ev.code, ev.err).toBe(0);
    expect((JSON.parse(ev.out) as { float: { accuracy: number } }).float.accuracy).toBe(result.float.accuracy);

    // export --weights writes the fine-tuned weights (not the file's own), and the export runs in TensorFlow Lite
    const exported = async (args: string[]): Promise<Uint8Array> => {
      const e = await runCaptured('export', ...args, '--out', tmp('exp-'), '--representative', data, '--no-db', '--json');
      expect(e.code, e.err).toBe(0);
      return new Uint8Array(readFileSync((JSON.parse(e.out) as { files: { path: string }[] }).files[0]!.path));
    };
    const tuned = await exported([VWW, '--weights', result.checkpoint]);
    const original = await exported([VWW]);
    expect(Buffer.from(tuned).equals(Buffer.from(original))).toBe(false);
    const runner = await createTfliteRunner(tuned);
    const y = runner.run([new Int8Array(96 * 96 * 3)])[0]!;
    runner.dispose();
    expect(y).toHaveLength(2);
  }, 600_000);

  it('trains a TensorFlow.js model.json from its weights, under a name of its own', async () => {
    const dir = tmp('tfjs-');
    const e = await runCaptured('export', 'mobilenetv1_0.25_32_c3_o2', '--format', 'tfjs', '--out', dir, '--no-db');
    expect(e.code, e.err).toBe(0);
    const file = join(dir, 'mobilenetv1_0.25_32_c3_o2_tfjs', 'model.json');
    const r = await runCaptured('train', file, '--data', data, '--epochs', '1', '--batch-size', '32', '--backend', 'wasm', '--cache', cache, '--out', join(dir, 'run'), '--no-export', '--no-db', '--json');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out.trim().split('\n').at(-1)!) as { name: string; init: string; history: unknown[] };
    expect(result.name).toMatch(/^mobilenetv1_0\.25_32_c3_o2\.json@[0-9a-f]{12}$/); // never the plugin variation's name
    expect(result.init).toBe(file);
    expect(result.history).toHaveLength(1);
  }, 300_000);
});
