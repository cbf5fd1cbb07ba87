import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresServer } from '../../../tools/vitest-setup/servers.js';
import { openModelDb } from './database.js';
import { recordSweepItem, beginSweep } from './sweeps.js';
import { analysisExtras, openModelStore, recordAnalysis, type ModelStore } from './index.js';
import type { AnalysisRecord } from './record.js';

// A record with the sizes that break narrower types: MACs past 2^31 (PostgreSQL INTEGER) and a ratio that a 4-byte
// REAL would round (1.3560000000000001 is not a float32).
const big: AnalysisRecord = {
  name: 'mobilenetv1_1_224_c3_o1000',
  architecture: 'mobilenet-v1',
  factors: { alpha: 1, resolution: 224 },
  layers: [{ name: 'conv1', op: 'conv2d', inputShape: [224, 224, 3], outputShape: [112, 112, 32], outputChannels: 32, params: 896, macs: 10_838_016, flops: 0, activationBytes: 401_408, ramBytes: 551_936, latencyMs: 1.2345678901234 }],
  totals: { params: 4_253_864, macs: 3_000_000_123, flops: 5, modelSizeBytes: 4_300_000, bytesPerParam: 1.3560000000000001, peakMemoryBytes: 55_296, peakOperator: 'conv1', arenaBytes: 60_000 },
  latency: { device: 'esp32', runtime: 'tflm', totalMs: 66.36 },
  fit: { fits: false },
};

let pg: PostgresServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'store-'));
beforeAll(async () => void (pg = await startPostgres()));
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function fill(store: ModelStore): Promise<void> {
  await store.ensureSweep({ id: 's1', architecture: 'mobilenet-v1', spec: { a: 1 }, total: 2 });
  await store.ensureSweep({ id: 's1', architecture: 'mobilenet-v1', spec: { a: 1 }, total: 2 });
  await store.recordSweepItem('s1', { name: big.name, factors: big.factors!, status: 'reject', reason: 'too big' }, big);
  await store.recordSweepItem('s1', { name: big.name, factors: big.factors!, status: 'reject', reason: 'too big' }, big); // twice: stored once
}

describe('the async model store', () => {
  it('stores the same rows on SQLite as the synchronous API, and on PostgreSQL', async (ctx) => {
    const file = join(dir, 'a.db');
    const store = await openModelStore(file);
    await fill(store);
    const viaStore = await store.variations();
    await store.close();
    // the synchronous API's rows for the same record
    const syncFile = join(dir, 'b.db');
    const db = openModelDb(syncFile);
    beginSweep(db, { id: 's1', architecture: 'mobilenet-v1', spec: { a: 1 }, total: 2 });
    recordSweepItem(db, 's1', { name: big.name, factors: big.factors!, status: 'reject', reason: 'too big' }, big);
    db.close();
    const syncStore = await openModelStore(syncFile);
    expect(await syncStore.variations()).toEqual(viaStore);
    await syncStore.close();
    expect(viaStore[0]!.metrics.macs).toBe(3_000_000_123);
    expect(viaStore[0]!.metrics.bytes_per_param).toBe(1.3560000000000001);

    if (!pg) return ctx.skip(); // PostgreSQL 15 not installed (/usr/lib/postgresql/15/bin)
    const pgStore = await openModelStore(await pg.createDatabase('rows'));
    await fill(pgStore);
    expect(await pgStore.variations()).toEqual(viaStore);
    expect(await pgStore.sweepItems('s1')).toEqual([{ name: big.name, factors: big.factors, status: 'reject', reason: 'too big' }]);
    await pgStore.close();
  });

  it('records an analysis\'s extras (deployed operators, scaling, deployment) as the synchronous API does', async () => {
    const withOps = {
      ...big,
      operators: [{ name: 'conv1', builtin: 'CONV_2D', source: 'conv1', fused: ['conv1_bn', 'conv1_relu'], kernelClass: 'first', macs: 10_838_016, params: 896, ramBytes: 551_936 }],
      layers: big.layers.map((l) => ({ ...l, deployedAs: ['conv1'], scaling: ['alpha'] })),
      deployment: { device: 'esp32', arenaBytes: 90_000 },
    } as AnalysisRecord;
    const viaStoreFile = join(dir, 'extras-store.db');
    const store = await openModelStore(viaStoreFile);
    await store.recordAnalysis(withOps);
    await store.close();
    const syncFile = join(dir, 'extras-sync.db');
    const sync = openModelDb(syncFile);
    recordAnalysis(sync, withOps);
    const expected = analysisExtras(sync, big.name).map(({ recordedAt: _, ...e }) => e);
    sync.close();
    expect(expected).toHaveLength(1);
    expect(expected[0]!.layers).toEqual([{ name: 'conv1', deployedAs: ['conv1'], scaling: ['alpha'] }]);
    const db = openModelDb(viaStoreFile);
    expect(analysisExtras(db, big.name).map(({ recordedAt: _, ...e }) => e)).toEqual(expected);
    db.close();
  });

  it('records a queued training run once per job id, with its artifacts', async (ctx) => {
    const stores = [await openModelStore(join(dir, 'c.db'))];
    if (pg) stores.push(await openModelStore(await pg.createDatabase('train')));
    for (const store of stores) {
      const details = { backend: 'cpu', seed: 1, config: {}, curves: [], checkpoint: '/x/epoch-0001.ckpt' };
      const artifact = { name: big.name, format: 'tflite', path: '/x/a.tflite', bytes: 10, sha256: 'ab'.repeat(32) };
      const a = await store.recordQueuedTraining('job-1', { name: big.name, epochs: 2, floatAccuracy: 0.5, details }, big, [artifact]);
      const b = await store.recordQueuedTraining('job-1', { name: big.name, epochs: 2, floatAccuracy: 0.5, details }, big, [artifact]);
      expect(b).toBe(a);
      expect(await store.trainingRuns(big.name)).toEqual([{ id: a, epochs: 2, float_accuracy: 0.5, int8_accuracy: null }]);
      expect(await store.artifacts(big.name)).toEqual([artifact]);
      expect(await store.jobResult('job-1')).toEqual({ runId: a });
      await expect(store.recordQueuedTraining('job-2', { name: big.name, floatAccuracy: 2, details }, big, [])).rejects.toThrow(/floatAccuracy 2 is not a fraction/);
      await store.close();
    }
    if (!pg) ctx.skip();
  });
});
