import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJobQueues } from '@cnn-analyzer/job-queue';
import { openModelStore, type StoredVariation } from '@cnn-analyzer/model-db';
import { startPostgres, startRedis, waitFor, type PostgresServer, type RedisServer } from '../../../../tools/vitest-setup/servers.js';
import { cli, killAll, startWorker, type CliProcess } from '../../test/queue-harness.js';

// 20 variations on a board: layer tables, totals, memory plans and device fits all recorded.
const GRID = ['mobilenet-v1', '--alpha', '0.25,0.35,0.5,0.75', '--loop-length', '1..5', '--device', 'stm32f746g-disco', '--max-flash', '250KB'];
const TOTAL = 20;
// 60 variations for the fault cases, so a fast machine still has jobs left when the fault strikes
const BIG = ['mobilenet-v1', '--alpha', '0.25,0.35,0.5,0.75', '--loop-length', '1..5', '--classes', '2..4', '--device', 'stm32f746g-disco', '--max-flash', '250KB'];
const BIG_TOTAL = 60;
const built = existsSync(new URL('../../dist/main.js', import.meta.url));

let redis: RedisServer | undefined;
let pg: PostgresServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'queue-sweep-'));
let reference: StoredVariation[] = [];
let bigReference: StoredVariation[] = [];

async function rows(db: string): Promise<{ variations: StoredVariation[]; items: number }> {
  const store = await openModelStore(db);
  try {
    const variations = await store.variations();
    const sweeps = variations.length > 0 ? await store.sweepItems((await sweepIdOf(store))!) : [];
    return { variations, items: sweeps.length };
  } finally {
    await store.close();
  }
}
async function sweepIdOf(store: Awaited<ReturnType<typeof openModelStore>>): Promise<string | undefined> {
  // the one sweep of these databases: its id is the hash the CLI printed; read it back through a known item
  for (const id of sweepIds) if (await store.getSweep(id)) return id;
  return undefined;
}
const sweepIds = new Set<string>();

async function finished(p: CliProcess, what: string): Promise<void> {
  const r = await p.exited;
  expect(r.code, `${what}: ${p.err()}`).toBe(0);
  const id = /sweep ([0-9a-f]{12})/.exec(p.out())?.[1];
  if (id) sweepIds.add(id);
}

async function recorded(db: string): Promise<number> {
  if (!existsSync(db) && !db.startsWith('postgres')) return 0;
  const store = await openModelStore(db);
  try {
    return (await store.variations()).length;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
  if (!built) return;
  // the single-process sweep, the reference every queued one must equal
  const ref = cli(['sweep', ...GRID, '--workers', '0', '--db', join(dir, 'ref.db'), '--no-progress']);
  await finished(ref, 'in-process sweep');
  reference = (await rows(join(dir, 'ref.db'))).variations;
  const big = cli(['sweep', ...BIG, '--workers', '0', '--db', join(dir, 'big.db'), '--no-progress']);
  await finished(big, 'in-process sweep of the larger grid');
  bigReference = (await rows(join(dir, 'big.db'))).variations;
}, 600_000);

afterAll(async () => {
  await killAll();
  await Promise.all([redis?.stop(), pg?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const servers = (): boolean => built && redis !== undefined;
const skipNote = 'needs redis-server (/usr/bin/redis-server) and the built CLI (npm run build)';

describe.skipIf(!existsSync('/usr/bin/redis-server'))('sweeps on the job queue (real Redis)', () => {
  it('the reference sweep recorded every variation', () => {
    expect(servers(), skipNote).toBe(true);
    expect(reference.length).toBe(TOTAL);
    expect(bigReference.length).toBe(BIG_TOTAL);
  });

  it('a sweep split across three workers equals the single-process sweep', async () => {
    const q = `${redis!.url}/1`;
    const db = join(dir, 'three.db');
    const workers = await Promise.all([1, 2, 3].map(() => startWorker(['--queue', q, '--db', db, '--concurrency', '1'], waitFor)));
    const s = cli(['sweep', ...GRID, '--queue', q, '--db', db, '--no-progress', '--json']);
    await finished(s, 'queued sweep');
    const summary = JSON.parse(s.out()) as { done: number; failed: unknown[]; complete: boolean; recorded: number };
    expect(summary).toMatchObject({ done: TOTAL, failed: [], complete: true, recorded: TOTAL });
    expect((await rows(db)).variations).toEqual(reference);
    const busy = workers.filter((w) => /analyze \S+: done/.test(w.err())).length;
    expect(busy, workers.map((w) => w.err()).join('\n')).toBeGreaterThanOrEqual(2);
    // enqueued again: the same job ids, nothing runs twice
    const again = cli(['sweep', ...GRID, '--queue', q, '--db', db, '--no-progress', '--json']);
    await finished(again, 'second enqueue');
    const doneLines = workers.map((w) => (w.err().match(/analyze \S+: done/g) ?? []).length).reduce((a, b) => a + b, 0);
    expect(doneLines).toBe(TOTAL);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 600_000);

  it('a worker SIGKILLed mid-job loses nothing and duplicates nothing', async () => {
    const q = `${redis!.url}/2`;
    const db = join(dir, 'killed.db');
    const first = await startWorker(['--queue', q, '--db', db, '--concurrency', '1', '--lock-ms', '2000'], waitFor);
    const detached = cli(['sweep', ...BIG, '--queue', q, '--db', db, '--detach', '--json']);
    expect((await detached.exited).code, detached.err()).toBe(0);
    const queues = await openJobQueues(q);
    try {
      let running = 0;
      await waitFor('a job running after some done', async () => {
        const list = await queues.list();
        running = list.filter((r) => r.state === 'running').length;
        return running > 0 && list.filter((r) => r.state === 'done').length >= 3;
      }, 300_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const before = await queues.list();
      expect(before.filter((r) => r.state === 'done').length).toBeLessThan(BIG_TOTAL);
      const second = await startWorker(['--queue', q, '--db', db, '--concurrency', '1', '--lock-ms', '2000'], waitFor);
      const follow = cli(['sweep', ...BIG, '--queue', q, '--db', db, '--no-progress', '--json']);
      await finished(follow, 'following the killed sweep');
      expect(JSON.parse(follow.out())).toMatchObject({ done: BIG_TOTAL, failed: [], complete: true, recorded: BIG_TOTAL });
      expect((await rows(db)).variations).toEqual(bigReference);
      const after = await queues.list();
      expect(after.filter((r) => r.kind === 'analyze').map((r) => r.state)).toEqual(Array(BIG_TOTAL).fill('done'));
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await queues.close();
    }
  }, 600_000);

  it('Redis restarted mid-sweep: the sweep completes after it returns', async () => {
    const q = `${redis!.url}/3`;
    const db = join(dir, 'restart.db');
    const workers = await Promise.all([1, 2].map(() => startWorker(['--queue', q, '--db', db, '--concurrency', '1'], waitFor)));
    const s = cli(['sweep', ...BIG, '--queue', q, '--db', db, '--no-progress', '--json']);
    await waitFor('a few variations recorded', async () => (await recorded(db)) >= 3, 300_000);
    expect(await recorded(db)).toBeLessThan(BIG_TOTAL);
    await redis!.restart(1500);
    await finished(s, 'sweep across a Redis restart');
    const summary = JSON.parse(s.out()) as { complete: boolean; recorded: number; readded: number };
    expect(summary).toMatchObject({ complete: true, recorded: BIG_TOTAL });
    expect(summary.readded).toBeGreaterThan(0); // the restart lost the queue (no persistence): jobs were put back
    expect((await rows(db)).variations).toEqual(bigReference);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 600_000);

  it('the same sweep on PostgreSQL (queued, and in-process) gives the same rows as on SQLite', async (ctx) => {
    if (!pg) return ctx.skip(); // PostgreSQL 15 not installed (/usr/lib/postgresql/15/bin)
    const q = `${redis!.url}/4`;
    const db = await pg.createDatabase('sweep');
    const workers = await Promise.all([1, 2].map(() => startWorker(['--queue', q, '--db', db, '--concurrency', '1'], waitFor)));
    const s = cli(['sweep', ...GRID, '--queue', q, '--db', db, '--no-progress', '--json']);
    await finished(s, 'sweep into PostgreSQL');
    expect(JSON.parse(s.out())).toMatchObject({ complete: true, recorded: TOTAL });
    const pgRows = await rows(db);
    expect(pgRows.items).toBe(TOTAL);
    expect(pgRows.variations).toEqual(reference);
    // list reads PostgreSQL as it reads SQLite: same filters, sort (NULLs included) and rows
    for (const extra of [['--sort', 'modelSizeBytes'], ['--device', 'stm32f746g-disco', '--sort', 'latencyMs', '--desc', '--max-ram', '100KB']]) {
      const [fromPg, fromSqlite] = [cli(['list', '--db', db, '--json', ...extra]), cli(['list', '--db', join(dir, 'ref.db'), '--json', ...extra])];
      await Promise.all([fromPg.exited, fromSqlite.exited]);
      expect(fromPg.err()).toBe('');
      expect(JSON.parse(fromPg.out())).toEqual(JSON.parse(fromSqlite.out()));
      expect(JSON.parse(fromPg.out()).length).toBeGreaterThan(0);
    }
    // and the in-process sweep straight into PostgreSQL
    const direct = await pg.createDatabase('direct');
    const inProcess = cli(['sweep', ...GRID, '--workers', '1', '--db', direct, '--no-progress', '--json']);
    await finished(inProcess, 'in-process sweep into PostgreSQL');
    expect(JSON.parse(inProcess.out())).toMatchObject({ complete: true, recorded: TOTAL });
    expect((await rows(direct)).variations).toEqual(reference);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 600_000);
});
