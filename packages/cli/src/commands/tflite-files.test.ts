import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { runCaptured } from '../run-captured.js';
import { referenceModelsDir } from '@cnn-analyzer/exporter';

const models = referenceModelsDir();

const cli = runCaptured;

describe('analyze and memory on .tflite files we did not write', () => {
  it('analyzes the MLPerf Tiny VWW int8 file: 7,489,664 MACs, 55,296-byte peak, its size and bytes/param', async () => {
    const file = join(models, 'mlperf_tiny_vww_96_int8.tflite');
    const { code, out, err } = await cli('analyze', file, '--json');
    expect(code, err).toBe(0);
    const r = JSON.parse(out);
    expect(r.architecture).toBe('tflite');
    expect(r.totals.macs).toBe(7_489_664);
    expect(r.totals.peakMemoryBytes).toBe(55_296);
    expect(r.totals.modelSizeBytes).toBe(readFileSync(file).length); // 333,288 bytes per shared/reference-models/MANIFEST.md
    expect(r.totals.modelSizeBytes).toBe(333_288);
    expect(r.totals.bytesPerParam).toBeCloseTo(333_288 / r.totals.params, 10);
  });

  it('plans person_detect.tflite with an arena', async () => {
    const { code, out } = await cli('memory', join(models, 'tflm/tensorflow/lite/micro/models/person_detect.tflite'), '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.peakBytes).toBeGreaterThan(0);
    expect(r.arenaBytes).toBeGreaterThanOrEqual(r.peakBytes);
  });

  it('exits 2 with one line for a missing, corrupted or unsupported file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-analyzer-'));
    const broken = join(dir, 'broken.tflite');
    writeFileSync(broken, readFileSync(join(models, 'mlperf_tiny_vww_96_int8.tflite')).subarray(0, 500));
    for (const [args, message] of [
      [['analyze', join(dir, 'missing.tflite')], 'not found'],
      [['analyze', broken], '.tflite at byte'],
      [['analyze', join(models, 'tflm/tensorflow/lite/micro/examples/mnist_lstm/trained_lstm_int8.tflite')], 'has no equivalent in the layer-graph IR'],
      [['analyze', join(models, 'mlperf_tiny_vww_96_int8.tflite'), '--alpha', '1'], 'factor flags do not apply to a .tflite file'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
