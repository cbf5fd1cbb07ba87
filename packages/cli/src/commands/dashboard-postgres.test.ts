import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startDashboard, type DashboardServer } from '@cnn-analyzer/dashboard';
import { openModelDb, openModelStore, recordAnalysisExtras, recordHostBenchmark, recordTrainedRun } from '@cnn-analyzer/model-db';
import { startPostgres, waitFor, type PostgresServer } from '../../../../tools/vitest-setup/servers.js';
import { bin } from '../../test/queue-harness.js';
import { runCaptured as cli } from '../run-captured.js';

const BOARD = 'stm32f746g-disco';
const REFERENCE = 'mobilenetv1_0.25_96_c3_o2';

let server: PostgresServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'dash-pg-'));
const file = join(dir, 'models.db');

/** Every row of every table of the SQLite file, inserted as is into the (migrated, empty) PostgreSQL database. */
async function copyToPostgres(url: string): Promise<void> {
  await (await openModelStore(url)).close(); // migrated to the same schema
  const db = openModelDb(file, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    // one transaction with the foreign keys checked at its end, so the tables' order does not matter
    await client.query('BEGIN');
    await client.query("SET CONSTRAINTS ALL DEFERRED");
    await client.query("SET session_replication_role = 'replica'");
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[]) {
        const cols = Object.keys(row);
        await client.query(`INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
    db.close();
  }
}

async function get(s: DashboardServer, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(new URL(path, s.url));
  return { status: r.status, text: await r.text() };
}

let lite: DashboardServer;
let post: DashboardServer | undefined;
let searchId = '';
let pgUrl = '';

beforeAll(async () => {
  server = await startPostgres();
  const run = async (...args: string[]): Promise<string> => {
    const r = await cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    return r.out;
  };
  await run('sweep', 'mobilenet-v1', '--alpha', '0.1,0.25,0.35', '--loop-length', '3..4', '--device', BOARD, '--workers', '0', '--no-progress', '--db', file);
  await run('analyze', REFERENCE, '--device', BOARD, '--db', file);
  await run('analyze', 'shufflenetv2_0.1_96_c3_o2', '--db', file);
  await run('log-training', 'mobilenetv1_0.1_96_c3_o2_l3', '--int8-accuracy', '78%', '--epochs', '50', '--db', file);
  searchId = (JSON.parse(await run('optimize', 'mobilenet-v1', '--budget', '6', '--db', file, '--json', '--no-progress')) as { id: string }).id;
  const db = openModelDb(file);
  const curves = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.5 + 0.1 * epoch, valLoss: 1.2 / epoch, valAccuracy: 0.45 + 0.1 * epoch }));
  recordTrainedRun(db, { name: REFERENCE, epochs: 3, floatAccuracy: 0.8, int8Accuracy: 0.7912345678901234, details: { backend: 'cpu', seed: 1, config: { lr: 0.001 }, curves, checkpoint: join(dir, 'ckpt') } });
  recordHostBenchmark(db, { name: REFERENCE, runtime: 'tflite-wasm-simd (@tensorflow/tfjs-tflite 0.0.1-alpha.10)', threads: 1, warmup: 2, repeats: 5, medianMs: 12.345, minMs: 12, maxMs: 13.1, modelSha256: 'ab', host: 'test host', ops: [{ op: 'CONV_2D', node: 'conv1', avgMs: 3.25 }] });
  recordAnalysisExtras(db, REFERENCE, { operators: [] });
  db.close();
  lite = await startDashboard({ dbPath: file, port: 0 });
  if (server) {
    pgUrl = await server.createDatabase('dashboard');
    await copyToPostgres(pgUrl);
    post = await startDashboard({ dbPath: pgUrl, port: 0 });
  }
}, 180_000);

afterAll(async () => {
  await lite?.close();
  await post?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard, show and compare on PostgreSQL', () => {
  it('answers every API endpoint with the same JSON as on the SQLite file it was copied from', async (ctx) => {
    if (!post) return ctx.skip();
    const names = (JSON.parse((await get(lite, '/api/variations')).text) as { name: string }[]).map((r) => r.name);
    expect(names.length).toBeGreaterThanOrEqual(8);
    const paths = [
      '/api/variations',
      '/api/variations?architecture=mobilenet-v1&sort=macs&desc=1',
      `/api/variations?device=${BOARD}&sort=latencyMs`,
      '/api/variations?maxFlash=200000&maxRam=100000&sort=peakMemoryBytes',
      '/api/variations?sort=int8Accuracy&desc=1&flash=100000&ram=50000&macs=5000000',
      '/api/architectures',
      '/api/devices',
      '/api/sweeps',
      '/api/searches',
      `/api/searches/${searchId}`,
      '/api/searches/nosuchsearch',
      '/api/variations/mobilenetv1_9_96_c3_o2',
      '/api/variations?sort=bogus',
      ...names.map((n) => `/api/variations/${encodeURIComponent(n)}?flash=100000`),
    ];
    for (const path of paths) {
      const [a, b] = [await get(lite, path), await get(post, path)];
      expect(b.status, path).toBe(a.status);
      expect(b.text, path).toBe(a.text);
    }
    // the content is really there: the scorecard carries the training curves, the benchmark and the board's fit
    const card = JSON.parse((await get(post, `/api/variations/${REFERENCE}`)).text) as { curves: Record<string, unknown[]>; hostBenchmarks: { ops: unknown[] }[]; deviceFits: { device: string }[]; row: { int8Accuracy: number } };
    expect(Object.values(card.curves)[0]).toHaveLength(3);
    expect(card.hostBenchmarks[0]!.ops).toEqual([{ op: 'CONV_2D', node: 'conv1', avgMs: 3.25 }]);
    expect(card.deviceFits.map((f) => f.device)).toEqual([BOARD]);
    expect(card.row.int8Accuracy).toBe(0.7912345678901234);
    const search = JSON.parse((await get(post, `/api/searches/${searchId}`)).text) as { evaluations: unknown[] };
    expect(search.evaluations.length).toBeGreaterThan(0);
  }, 120_000);

  it('show and compare print the same on PostgreSQL as on the SQLite file, names resolved the same way', async (ctx) => {
    if (!post) return ctx.skip();
    const runs: string[][] = [
      ['show', REFERENCE],
      ['show', 'mobilenetv1_0.25_96_c3_o2_l5'], // a non-canonical spelling (loop length 5 is the default)
      ['compare', REFERENCE, 'mobilenetv1_0.1_96_c3_o2_l3', 'shufflenetv2_0.1_96_c3_o2'],
      ['compare', REFERENCE, 'mobilenetv1_0.1_96_c3_o2_l3', '--json'],
      ['compare', REFERENCE, 'mobilenetv1_0.1_96_c3_o2_l3', '--device', BOARD, '--format', 'csv'],
      ['compare', REFERENCE, 'mobilenetv1_0.1_96_c3_o2_l4', '--device', BOARD], // l4 has no fit on the board
      ['show', 'mobilenetv1_0.3_96_c3_o2'], // not recorded
      ['compare', REFERENCE, 'mobilenetv1_0.25_96_c3_o2_l5'], // the same variation twice
    ];
    for (const args of runs) {
      const [a, b] = [await cli(...args, '--db', file), await cli(...args, '--db', pgUrl)];
      expect(b.code, args.join(' ')).toBe(a.code);
      expect(b.err, args.join(' ')).toBe(a.err);
      expect(b.out.replaceAll(pgUrl, file), args.join(' ')).toBe(a.out);
    }
    expect(JSON.parse((await cli('show', REFERENCE, '--db', pgUrl)).out).row.name).toBe(REFERENCE);
    // the self-contained report: the same page (its generation date aside) from either database
    const html = async (db: string, out: string): Promise<string> => {
      const r = await cli('report', 'mobilenetv1_0.25_96_c3_o2_l5', '--out', out, '--db', db);
      expect(r.code, r.err).toBe(0);
      return readFileSync(out, 'utf8').replace(/generated \d{4}-\d{2}-\d{2}/, 'generated <date>');
    };
    const page = await html(file, join(dir, 'lite.html'));
    expect(page).toContain(`"name":"${REFERENCE}"`);
    expect(await html(pgUrl, join(dir, 'post.html'))).toBe(page);
    const refused = await cli('show', 'mobilenetv1_0.3_96_c3_o2', '--db', pgUrl);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('is not in the database');
  }, 120_000);

  it('`cnn-analyzer dashboard --db postgres://…` serves it, the password left out of what it prints', async (ctx) => {
    if (!post) return ctx.skip();
    const url = pgUrl.replace('postgres@', 'postgres:unused@'); // trust authentication: any password is accepted
    const child = spawn(process.execPath, [bin, 'dashboard', '--db', url, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('the dashboard to listen', () => /dashboard: http/.test(out) || child.exitCode !== null, 60_000);
      expect(out).toContain('postgres:***@');
      expect(out).not.toContain('unused');
      const at = /(http:\/\/\S+)/.exec(out)![1]!;
      const served = await fetch(new URL('/api/variations?sort=macs', at));
      expect(await served.text()).toBe((await get(lite, '/api/variations?sort=macs')).text);
    } finally {
      child.kill('SIGTERM');
    }
    const refused = await cli('dashboard', '--db', pgUrl, '--check');
    expect(refused.err.trim()).toBe('error: --check: applies to a SQLite file, not to a PostgreSQL database');
  }, 90_000);
});
