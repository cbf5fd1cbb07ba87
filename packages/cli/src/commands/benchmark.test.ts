import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostBenchmarks, openModelDb } from '@cnn-analyzer/model-db';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured as cli } from '../run-captured.js';

describe('benchmark', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'bench-')), 'm.db');

  it('times a .tflite in TFLite on this machine, per operator and in total, and records it', async () => {
    const file = join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_int8.tflite');
    const { code, out, err } = await cli('benchmark', file, '--warmup', '1', '--repeats', '3', '--db', db, '--json');
    expect(code, err).toBe(0);
    const r = JSON.parse(out);
    expect(r).toMatchObject({ name: 'mlperf_tiny_kws_ref_model_int8', threads: 1, warmup: 1, repeats: 3 });
    expect(r.minMs).toBeGreaterThan(0);
    expect(r.minMs).toBeLessThanOrEqual(r.medianMs);
    expect(r.medianMs).toBeLessThanOrEqual(r.maxMs);
    expect(r.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.ops.length).toBeGreaterThan(3);
    const d = openModelDb(db);
    const rows = hostBenchmarks(d, 'mlperf_tiny_kws_ref_model_int8');
    d.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ops).toEqual(r.ops);
    expect(rows[0]!.medianMs).toBe(r.medianMs);
  });

  it('exports a variation to int8 first', async () => {
    const { code, out, err } = await cli('benchmark', 'mobilenetv1_0.1_32_c3_o2', '--warmup', '1', '--repeats', '2', '--no-db');
    expect(code, err).toBe(0);
    expect(out).toMatch(/^mobilenetv1_0\.1_32_c3_o2: \d+\.\d+ ms median of 2 \(min/);
  });

  it.each([
    [['--threads', '0'], '--threads: must be an integer ≥ 1 (got "0")'],
    [['--repeats', 'x'], '--repeats: must be an integer ≥ 1 (got "x")'],
  ])('rejects %j with one line and exit code 2', async (flags, message) => {
    const { code, err } = await cli('benchmark', 'mobilenetv1_0.1_32_c3_o2', ...flags, '--no-db');
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
