import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDb } from './database.js';
import { recordAnalysis } from './record.js';
import { analysisExtras } from './analysis-extras.js';
import { beginSearch, recordSearchEvaluation } from './searches.js';
import { listSearches } from './searches-list.js';

const base = {
  name: 'm',
  architecture: 'mobilenet-v1',
  factors: { alpha: 0.25 },
  layers: [
    { name: 'conv1', op: 'conv2d', inputShape: [96, 96, 3], outputShape: [48, 48, 8], outputChannels: 8, params: 224, macs: 497_664, flops: 995_328, activationBytes: 18_432, ramBytes: 46_080, deployedAs: ['conv1'], scaling: ['alpha'] },
    { name: 'conv1_bn', op: 'batchNorm', inputShape: [48, 48, 8], outputShape: [48, 48, 8], outputChannels: 8, params: 32, macs: 0, flops: 0, activationBytes: 18_432, ramBytes: null, deployedAs: ['conv1'], scaling: ['alpha'] },
  ],
  operators: [{ name: 'conv1', builtin: 'CONV_2D', source: 'conv1', fused: ['conv1_bn'], kernelClass: 'conv-first', macs: 497_664, params: 224, ramBytes: 46_080 }],
  totals: { params: 256, macs: 497_664, flops: 995_328 },
};

describe('analysis extras', () => {
  it('keeps the deployed operators, scaling factors and, per board, the latency interval and deployment', () => {
    const db = openModelDb(join(mkdtempSync(join(tmpdir(), 'cnn-extras-')), 'db.sqlite'));
    recordAnalysis(db, base);
    const latency = { device: 'stm32f746g-disco', runtime: 'x-cube-ai', totalMs: 1.5, intervalMs: 0.2, intervalBasis: '90 %' };
    recordAnalysis(db, { ...base, latency, fit: { fits: true }, deployment: { arenaBytes: 100 } });
    const extras = analysisExtras(db, 'm');
    expect(extras.map((e) => e.device)).toEqual(['', 'stm32f746g-disco']);
    expect(extras[0]!.operators![0]).toMatchObject({ builtin: 'CONV_2D', fused: ['conv1_bn'] });
    expect(extras[0]!.layers).toEqual([
      { name: 'conv1', deployedAs: ['conv1'], scaling: ['alpha'] },
      { name: 'conv1_bn', deployedAs: ['conv1'], scaling: ['alpha'] },
    ]);
    expect(extras[0]!.latency).toBeUndefined();
    expect(extras[1]).toMatchObject({ latency, deployment: { arenaBytes: 100 } });
    // a record without deployed operators (written by hand, or imported) leaves no extras
    recordAnalysis(db, { ...base, name: 'bare', operators: undefined });
    expect(analysisExtras(db, 'bare')).toEqual([]);
    db.close();
  });

  it('lists searches with their evaluation counts', () => {
    const db = openModelDb(join(mkdtempSync(join(tmpdir(), 'cnn-extras-')), 'db.sqlite'));
    beginSearch(db, { id: 's1', architecture: 'mobilenet-v1', spec: { maxMacs: 60e6 } });
    recordSearchEvaluation(db, 's1', { name: 'a', pass: true, evaluation: {} });
    recordSearchEvaluation(db, 's1', { name: 'b', pass: false, evaluation: {} });
    expect(listSearches(db)).toMatchObject([{ id: 's1', architecture: 'mobilenet-v1', evaluations: 2, passing: 1, finishedAt: null }]);
    db.close();
  });
});
