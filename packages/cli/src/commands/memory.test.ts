import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../run-captured.js';

const cli = runCaptured;

describe('cnn-analyzer memory', () => {
  it('prints the JSON report of the reference model with its 55,296-byte peak (MISSION.md)', async () => {
    const { code, out } = await cli('memory', 'mobilenetv1_0.25_96_c3_o2', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.peakBytes).toBe(55_296);
    expect(r.peakOperator).toBe('conv_pw_1');
    expect(r.timeline).toHaveLength(31); // the 31 operators of the MLPerf VWW file, its in-place RESHAPE included
    expect(r.timeline[0].live.map((t: { bytes: number }) => t.bytes)).toEqual([27_648, 18_432]);
    expect(r.arenaBytes).toBeGreaterThanOrEqual(r.peakBytes);
  });

  it('prints a table with a bar per operator and marks the peak', async () => {
    const { code, out } = await cli('memory');
    expect(code).toBe(0);
    expect(out).toMatch(/conv_pw_1\s+55,296\s+█+ ◀ peak/);
    expect(out).toContain('TFLM greedy arena:');
  });

  it('finds an order no worse than the listed one for branchy graphs', async () => {
    for (const name of ['shufflenetv2_0.1_96_c3_o2_l128', 'mobilenetv2_0.25_96_c3_o2_t5l256', 'mobilenetv3small_0.3_96_c3_o2']) {
      const { code, out } = await cli('memory', name, '--order', 'optimal', '--json');
      expect(code).toBe(0);
      const r = JSON.parse(out);
      expect(r.peakBytes).toBeLessThanOrEqual(r.defaultPeakBytes);
      expect(['exact', 'heuristic']).toContain(r.method);
    }
  });

  it('adds CMSIS-NN scratch buffers and the per-channel persistent data to the breakdown', async () => {
    const { code, out } = await cli('memory', '--kernels', 'cmsis-nn', '--json');
    expect(code).toBe(0);
    const b = JSON.parse(out).breakdown;
    expect(b.kernels).toBe('cmsis-nn');
    expect(b.largestScratch).toEqual({ operator: 'conv1', bytes: 112 });
    const bad = await cli('memory', '--kernels', 'xnnpack');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe('error: --kernels: must be one of reference | cmsis-nn (got "xnnpack")');
  });

  it('records the variation and each ordering\'s plan in the model database', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'memdb-')), 'models.db');
    expect((await cli('memory', 'shufflenetv2_0.1_96_c3_o2_l128', '--db', db, '--json')).code).toBe(0);
    const optimal = JSON.parse((await cli('memory', 'shufflenetv2_0.1_96_c3_o2_l128', '--order', 'optimal', '--db', db, '--json')).out);
    const shown = JSON.parse((await cli('show', 'shufflenetv2_0.1_96_c3_o2_l128', '--db', db)).out);
    expect(shown.memoryPlans.map((p: { ordering: string; peak_bytes: number }) => [p.ordering, p.peak_bytes]).sort()).toEqual(
      [['default', optimal.defaultPeakBytes], ['optimal', optimal.peakBytes]].sort(),
    );
    // --no-db never opens the database: one that cannot be opened does not matter
    const saved = process.env.CNN_ANALYZER_DB;
    process.env.CNN_ANALYZER_DB = join(tmpdir(), 'no-such-folder-cnn', 'x.db');
    try {
      expect((await cli('memory', '--no-db')).code).toBe(0);
      expect((await cli('memory')).code).toBe(2);
    } finally {
      process.env.CNN_ANALYZER_DB = saved;
    }
  });

  it('rejects a bad --order with exit code 2', async () => {
    const { code, err } = await cli('memory', '--order', 'fastest');
    expect(code).toBe(2);
    expect(err.trim()).toBe('error: --order: must be one of default | optimal (got "fastest")');
  });
});
