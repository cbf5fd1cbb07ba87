import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openModelDb, SCHEMA_VERSION } from './database.js';
import { recordAnalysis, type AnalysisRecord } from './record.js';
import { listVariations } from './query.js';
import { variationDetail as getVariation } from './variation-detail.js';

const tmpDb = (): string => join(mkdtempSync(join(tmpdir(), 'modeldb-')), 'models.db');

const record = (name: string, params: number, macs: number, size: number, peak: number): AnalysisRecord => ({
  name,
  architecture: name.startsWith('mobilenetv1') ? 'mobilenet-v1' : 'shufflenet-v2',
  factors: { alpha: 0.25 },
  layers: [{ name: 'conv1', op: 'conv2d', inputShape: [96, 96, 3], outputShape: [48, 48, 8], outputChannels: 8, params: 224, macs: 497_664, flops: 1, activationBytes: 18_432 }],
  totals: { params, macs, flops: 2 * macs, modelSizeBytes: size, bytesPerParam: size / params, peakMemoryBytes: peak, peakOperator: 'conv_pw_1', arenaBytes: peak },
});

describe('model database', () => {
  it('records analyses and answers filtered, sorted queries', () => {
    const db = openModelDb(tmpDb());
    recordAnalysis(db, record('mobilenetv1_0.25_96_c3_o2', 221_794, 7_489_664, 296_544, 55_296));
    recordAnalysis(db, record('mobilenetv1_0.25_96_c3_o2_l3', 184_162, 6_302_336, 245_632, 55_296));
    recordAnalysis(db, record('shufflenetv2_0.1_96_c3_o2_l128', 56_058, 2_000_000, 140_464, 80_664));
    recordAnalysis(db, record('mobilenetv1_0.25_96_c3_o2', 221_794, 7_489_664, 296_544, 55_296)); // re-analysis replaces
    expect(listVariations(db).map((r) => r.name)).toEqual(['mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.25_96_c3_o2_l3', 'shufflenetv2_0.1_96_c3_o2_l128']);
    expect(listVariations(db, { maxFlashBytes: 250 * 1024, sort: 'macs', descending: true }).map((r) => r.name)).toEqual(['mobilenetv1_0.25_96_c3_o2_l3', 'shufflenetv2_0.1_96_c3_o2_l128']);
    expect(listVariations(db, { architecture: 'shufflenet-v2' })).toHaveLength(1);
    const one = getVariation(db, 'mobilenetv1_0.25_96_c3_o2')!;
    expect(one.row).toMatchObject({ params: 221_794, peakMemoryBytes: 55_296 });
    expect(one.layers).toHaveLength(1);
    expect(() => listVariations(db, { sort: 'speed' as never })).toThrow('--sort: "speed" is not one of');
    db.close();
  });

  it('upgrades a version-1 database without losing its rows', () => {
    const path = tmpDb();
    const v1 = openModelDb(path, { upTo: 1 });
    v1.prepare("INSERT INTO variations VALUES ('m', 'mobilenet-v1', '{}', 't', 't')").run();
    v1.prepare("INSERT INTO metrics VALUES ('m', 1, 2, 3, NULL, NULL, NULL, NULL)").run();
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.close();
    const latest = openModelDb(path);
    expect(latest.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(listVariations(latest).map((r) => r.name)).toEqual(['m']);
    expect(latest.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'device_fits'").get()).toEqual({ n: 1 });
    latest.close();
  });

  it('lets several processes create the same new database at once (the upgrade re-reads the version under the lock)', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'build @cnn-analyzer/model-db first (npm test does)').toBe(true);
    for (let round = 0; round < 3; round++) {
      const path = tmpDb();
      const script = `import { openModelDb } from ${JSON.stringify(pathToFileURL(dist).href)}; openModelDb(${JSON.stringify(path)}).close();`;
      const codes = await Promise.all(Array.from({ length: 4 }, () => new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.once('exit', resolve);
      })));
      expect(codes).toEqual([0, 0, 0, 0]);
      const db = openModelDb(path);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
    }
  });

  it('takes writes from several threads at once without losing any (WAL, busy timeout, transactions)', async () => {
    const path = tmpDb();
    openModelDb(path).close();
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 10000');
      for (let i = 0; i < 50; i++) {
        db.transaction(() => {
          db.prepare("INSERT INTO variations VALUES (?, 'a', '{}', 't', 't')").run(workerData.tag + i);
          db.prepare('INSERT INTO metrics VALUES (?, 1, 1, 1, NULL, NULL, NULL, NULL)').run(workerData.tag + i);
        }).immediate();
      }
      db.close();
      parentPort.postMessage('done');`;
    await Promise.all(['a', 'b', 'c'].map((tag) => new Promise((resolve, reject) => {
      const w = new Worker(source, { eval: true, workerData: { path, tag } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    const db = openModelDb(path);
    expect(listVariations(db)).toHaveLength(150);
    db.close();
  });
});
