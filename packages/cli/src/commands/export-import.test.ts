import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { drawScenes, referenceModelsDir, runDequantized, sceneRgba } from '@cnn-analyzer/exporter';
import { runCaptured } from '../run-captured.js';

const cli = runCaptured;
const FLOAT_VWW = join(referenceModelsDir(), 'mlperf_tiny_vww_96_float.tflite');

/** Generated scenes written as PNG files, one folder per class, as a user's representative set would be laid out. */
function sceneFolder(count: number, firstSeed: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'scenes-'));
  for (const cls of ['person', 'no_person']) mkdirSync(join(dir, cls));
  drawScenes(count, firstSeed).forEach((s, i) => {
    const png = new PNG({ width: s.size, height: s.size });
    png.data.set(sceneRgba(s));
    writeFileSync(join(dir, s.person ? 'person' : 'no_person', `${i}.png`), PNG.sync.write(png));
  });
  return dir;
}

describe('cnn-analyzer export <trained float model file> --representative <dir>', () => {
  const images = sceneFolder(16, 100001);

  it('quantizes the MLPerf VWW float .tflite\'s own weights; the result runs in TFLite and analyze/memory read it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-import-'));
    const { code, out: stdout, err } = await cli('export', FLOAT_VWW, '--out', out, '--representative', images, '--format', 'tflite,c,tfjs', '--json', '--no-db');
    expect(code, err).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.name).toBe('mlperf_tiny_vww_96_float_int8');
    expect(report.params).toBe(210_850);
    const file = join(out, 'mlperf_tiny_vww_96_float_int8.tflite');
    for (const f of [file, join(out, 'mlperf_tiny_vww_96_float_int8.cc'), join(out, 'mlperf_tiny_vww_96_float_int8_tfjs', 'model.json')]) expect(existsSync(f)).toBe(true);
    // Same decisions as TensorFlow's float model on scenes it was not calibrated on, both in the real TFLite runtime.
    const scenes = drawScenes(8, 1).map((s) => s.sample);
    const float = await runDequantized(new Uint8Array(readFileSync(FLOAT_VWW)), scenes);
    const ours = await runDequantized(new Uint8Array(readFileSync(file)), scenes);
    ours.forEach((y, k) => expect(Math.abs(y[1]! - float[k]![1]!)).toBeLessThan(0.1));
    // analyze reads our file as any .tflite: the converter's int8 file of this network has 7,489,664 MACs and a 55,296-byte peak.
    const analyzed = JSON.parse((await cli('analyze', file, '--json')).out);
    expect(analyzed.totals).toMatchObject({ macs: 7_489_664, peakMemoryBytes: 55_296, params: 210_850, modelSizeBytes: readFileSync(file).length });
    const memory = await cli('memory', file, '--json');
    expect(memory.code, memory.err).toBe(0);
    expect(JSON.parse(memory.out).peakBytes).toBe(55_296);
    // The fit report on a board, and a TFLM project with the file's bytes as they are.
    const fit = JSON.parse((await cli('analyze', file, '--device', 'stm32f746g-disco', '--json')).out).fit;
    expect(fit.checks.find((c: { check: string }) => c.check === 'flash budget')).toBeDefined();
    const project = mkdtempSync(join(tmpdir(), 'deploy-import-'));
    const deployed = await cli('deploy', file, '--device', 'stm32f746g-disco', '--out', project, '--json', '--no-db');
    expect(deployed.code, deployed.err).toBe(0);
    const d = JSON.parse(deployed.out);
    // The converter's VWW int8 file's operators, less QUANTIZE / DEQUANTIZE; the file is deployed byte for byte.
    expect(d.ops).toEqual(['AVERAGE_POOL_2D', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'RESHAPE', 'SOFTMAX']);
    expect(d.modelSizeBytes).toBe(readFileSync(file).length);
    expect(readFileSync(join(d.project, 'src/model_data.cc'), 'utf8')).toContain(`const unsigned int g_model_len = ${d.modelSizeBytes};`);
    // The tfjs files it wrote import again (the model.json path) and give the same int8 model.
    const again = mkdtempSync(join(tmpdir(), 'export-import-'));
    const second = await cli('export', join(out, 'mlperf_tiny_vww_96_float_int8_tfjs', 'model.json'), '--out', again, '--representative', images, '--json', '--no-db');
    expect(second.code, second.err).toBe(0);
    expect(readFileSync(join(again, 'mlperf_tiny_vww_96_float_int8_int8.tflite')).length).toBe(readFileSync(file).length);
  });

  it('deploys TensorFlow\'s own int8 VWW file as it is, and a float file after quantizing it', async () => {
    const project = mkdtempSync(join(tmpdir(), 'deploy-import-'));
    const int8 = join(referenceModelsDir(), 'mlperf_tiny_vww_96_int8.tflite');
    const theirs = await cli('deploy', int8, '--device', 'stm32f746g-disco', '--out', project, '--json', '--no-db');
    expect(theirs.code, theirs.err).toBe(0);
    expect(JSON.parse(theirs.out).modelSizeBytes).toBe(333_288); // shared/reference-models/MANIFEST.md
    const float = await cli('deploy', FLOAT_VWW, '--device', 'stm32f746g-disco', '--out', project, '--representative', images, '--samples', '8', '--json', '--no-db');
    expect(float.code, float.err).toBe(0);
    expect(JSON.parse(float.out).name).toBe('mlperf_tiny_vww_96_float_int8');
  });

  it('exits 2 with one line when the calibration images or the file are missing, or factor flags follow a file', async () => {
    for (const [args, message] of [
      [['export', FLOAT_VWW, '--out', '/tmp/x', '--no-db'], '--representative: a trained model is calibrated on images'],
      [['export', '/nonexistent/model.tflite', '--out', '/tmp/x', '--representative', images, '--no-db'], 'model file "/nonexistent/model.tflite": not found'],
      [['export', FLOAT_VWW, '--alpha', '1', '--out', '/tmp/x', '--representative', images, '--no-db'], 'factor flags do not apply to a model file'],
    ] as const) {
      const { code, err } = await cli(...args);
      expect(code, err).toBe(2);
      expect(err).toContain(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });
});
