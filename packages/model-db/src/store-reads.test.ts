import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beginSearch, beginSweep, finishSearch, openModelDb, openModelStore, recordAnalysis, recordHostBenchmark, recordSearchEvaluation, recordSweepItem, recordTrainedRun, syncReads, type AnalysisRecord, type StoreReads } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'store-reads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const a: AnalysisRecord = {
  name: 'mobilenetv1_0.25_96_c3_o2',
  architecture: 'mobilenet-v1',
  factors: { alpha: 0.25 },
  layers: [{ name: 'conv1', op: 'conv2d', inputShape: [96, 96, 3], outputShape: [48, 48, 8], outputChannels: 8, params: 216, macs: 497_664, flops: 995_328, activationBytes: 18_432, ramBytes: 46_080, latencyMs: 0.5 }],
  totals: { params: 221_794, macs: 7_489_664, flops: 15_000_000, modelSizeBytes: 296_544, peakMemoryBytes: 55_296, peakOperator: 'conv1', arenaBytes: 73_728 },
  latency: { device: 'esp32', runtime: 'tflm', totalMs: 66.36 },
  fit: { fits: true },
};
const b: AnalysisRecord = { ...a, name: 'shufflenetv2_0.1_96_c3_o2', architecture: 'shufflenet-v2', factors: { alpha: 0.1, firstLayerChannels: 24 }, latency: undefined, fit: undefined };

describe('the dashboard reads (StoreReads)', () => {
  it('answer over the async store on a SQLite file as the synchronous API does, method by method', async () => {
    const file = join(dir, 'm.db');
    const db = openModelDb(file);
    recordAnalysis(db, a);
    recordAnalysis(db, b);
    beginSweep(db, { id: 's1', architecture: 'mobilenet-v1', spec: { alpha: [0.25] }, total: 1 });
    recordSweepItem(db, 's1', { name: a.name, factors: a.factors!, status: 'pass', reason: null });
    beginSearch(db, { id: 'q1', architecture: 'mobilenet-v1', spec: { budget: 2 } });
    recordSearchEvaluation(db, 'q1', { name: a.name, pass: true, evaluation: { params: 1 } });
    recordSearchEvaluation(db, 'q1', { name: b.name, pass: false, evaluation: { params: 2 } });
    finishSearch(db, 'q1', { best: a.name });
    const run = recordTrainedRun(db, { name: a.name, epochs: 2, floatAccuracy: 0.75, int8Accuracy: 0.7, details: { backend: 'cpu', seed: 1, config: {}, curves: [{ epoch: 1, loss: 1, accuracy: 0.5, valLoss: 1.1, valAccuracy: 0.45 }], checkpoint: '/x' } });
    recordHostBenchmark(db, { name: a.name, runtime: 'tflite-wasm (x 1.2.3)', threads: 1, warmup: 1, repeats: 3, medianMs: 2.5, minMs: 2, maxMs: 3, modelSha256: 'ab', host: 'h', ops: [{ op: 'CONV_2D', node: 'conv1', avgMs: 1.25 }] });
    const sync = syncReads(db);
    const store = await openModelStore(file);
    const calls: ((r: StoreReads) => Promise<unknown>)[] = [
      (r) => r.hasVariation(a.name), (r) => r.hasVariation('nope'),
      (r) => r.listVariations({ device: 'esp32', sort: 'latencyMs' }), (r) => r.listVariations({ sort: 'macs', descending: true }),
      (r) => r.recordedDevices(), (r) => r.recordedArchitectures(), (r) => r.listSweeps(),
      (r) => r.variationDetail(a.name), (r) => r.variationDetail('nope'), (r) => r.analysisExtras(a.name),
      (r) => r.trainedRunDetails(run), (r) => r.hostBenchmarks(a.name),
      (r) => r.listSearches(), (r) => r.getSearch('q1'), (r) => r.getSearch('nope'), (r) => r.searchEvaluations('q1'),
    ];
    try {
      for (const [i, call] of calls.entries()) expect(JSON.stringify(await call(store)), `call ${i}`).toBe(JSON.stringify(await call(sync)));
      expect(await store.listSearches()).toMatchObject([{ id: 'q1', evaluations: 2, passing: 1 }]);
      expect((await store.variationDetail(a.name))!.deviceFits).toMatchObject([{ device: 'esp32', fits: true }]);
      await expect(store.trainedRunDetails(run + 100)).rejects.toThrow(`training run ${run + 100}: not in the database`);
    } finally {
      await store.close();
      db.close();
    }
  });
});
