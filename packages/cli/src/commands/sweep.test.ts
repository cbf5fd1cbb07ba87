import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openModelDb } from '@cnn-analyzer/model-db';
import { runCaptured as cli } from '../run-captured.js';

const bin = fileURLToPath(new URL('../../bin/cnn-analyzer.js', import.meta.url));
const tmpDb = (): string => join(mkdtempSync(join(tmpdir(), 'sweep-')), 'models.db');

/** Everything a sweep leaves in the database, without timestamps, in a stable order. */
function dump(path: string): Record<string, unknown[]> {
  const db = openModelDb(path);
  try {
    const all = (sql: string): unknown[] => db.prepare(sql).all();
    return {
      variations: all('SELECT name, architecture, factors FROM variations ORDER BY name'),
      metrics: all('SELECT * FROM metrics ORDER BY name'),
      layers: all('SELECT * FROM layers ORDER BY name, idx'),
      memoryPlans: all('SELECT * FROM memory_plans ORDER BY name, ordering'),
      sweeps: all('SELECT id, architecture, spec, total, finished_at IS NOT NULL AS finished FROM sweeps ORDER BY id'),
      sweepItems: all('SELECT * FROM sweep_items ORDER BY sweep_id, name'),
    };
  } finally {
    db.close();
  }
}

const count = (path: string, sql: string): number => {
  const db = openModelDb(path);
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** Wait (up to 15 s) until a running sweep has committed `n` items; never creates the database itself. */
async function waitForItems(path: string, n: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 25));
    if (!existsSync(path)) continue;
    try {
      if (count(path, 'SELECT count(*) AS n FROM sweep_items') >= n) return;
    } catch {
      // the sweep is still creating its tables
    }
  }
  throw new Error(`the sweep did not record ${n} items in 15 s`);
}

const GRID = ['sweep', 'mobilenet-v1', '--alpha', '0.1..0.5:0.05', '--loop-length', '1..5', '--max-flash', '250KB'];

function runBin(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The child's exit code (null when killed by a signal); its stderr goes with a failure. */
function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  let err = '';
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => {
    if (code) process.stderr.write(err);
    resolve(code);
  }));
}

describe('cnn-analyzer sweep', () => {
  it('records every variation of the grid and marks each against the constraints', async () => {
    const db = tmpDb();
    const r = await cli('sweep', 'mobilenet-v1', '--alpha', '0.25,0.35', '--loop-length', '3..5', '--max-flash', '250KB', '--workers', '0', '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ architecture: 'mobilenet-v1', total: 6, complete: true, invalid: 0 });
    const rows = JSON.parse((await cli('list', '--db', db, '--format', 'json')).out) as { name: string; params: number; modelSizeBytes: number }[];
    expect(rows).toHaveLength(6);
    // MISSION.md: the reference model has 221,794 params and is recorded like any other variation
    expect(rows.find((x) => x.name === 'mobilenetv1_0.25_96_c3_o2')?.params).toBe(221_794);
    // pass means within 250 KB, as the list query filters it
    const small = JSON.parse((await cli('list', '--db', db, '--format', 'json', '--max-flash', '250KB')).out).map((x: { name: string }) => x.name);
    expect(summary.passing).toEqual(small);
    expect(small.length).toBeGreaterThan(0);
    expect(small.length).toBeLessThan(6);
    const reasons = dump(db).sweepItems as { status: string; reason: string | null }[];
    expect(reasons.filter((i) => i.status === 'reject').every((i) => /^modelSizeBytes \d+ > 256000$/.test(i.reason ?? ''))).toBe(true);
    // the progress line went to stderr and ends complete
    expect(r.err).toMatch(/sweep \[#+\] 6\/6 100%/);
  });

  it('resumes after SIGKILL: nothing finished is redone or lost, and the database equals an uninterrupted run', async () => {
    const whole = tmpDb();
    const first = runBin([...GRID, '--workers', '2', '--db', whole, '--no-progress']);
    expect(await exited(first)).toBe(0);
    const total = count(whole, 'SELECT count(*) AS n FROM sweep_items');
    expect(total).toBe(45);

    const killed = tmpDb();
    const victim = runBin([...GRID, '--workers', '2', '--db', killed, '--no-progress']);
    const gone = exited(victim);
    // kill it mid-way: once some but not all items are committed
    await waitForItems(killed, 8);
    victim.kill('SIGKILL');
    expect(await gone).toBeNull();
    const atKill = count(killed, 'SELECT count(*) AS n FROM sweep_items');
    expect(atKill).toBeGreaterThanOrEqual(8);
    expect(atKill).toBeLessThan(total);
    // every committed item has its variation, and no variation is recorded without its item
    expect(count(killed, 'SELECT count(*) AS n FROM variations')).toBe(atKill);

    const resumed = await cli(...GRID, '--workers', '0', '--db', killed, '--json', '--no-progress');
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(resumed.out).progress.resumed).toBe(atKill);
    expect(dump(killed)).toEqual(dump(whole));
  });

  it('stops cleanly on Ctrl-C (SIGINT) with exit code 130, keeping what finished', async () => {
    const db = tmpDb();
    const child = runBin([...GRID, '--workers', '1', '--db', db, '--no-progress']);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
    const gone = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForItems(db, 3);
    child.kill('SIGINT');
    expect(await gone).toBe(130);
    const kept = count(db, 'SELECT count(*) AS n FROM sweep_items');
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(45);
    expect(err).toContain(`interrupted: sweep `);
    expect(err).toContain(`stopped with ${kept} of 45 recorded; run the same command again to resume`);
  });

  it('rejects bad input naming the flag and value', async () => {
    const db = tmpDb();
    expect((await cli('sweep', 'mobilenet-v9', '--alpha', '0.1', '--db', db)).err).toMatch(/architecture "mobilenet-v9" is unknown/);
    expect((await cli('sweep', 'mobilenet-v1', '--db', db)).err).toMatch(/give at least one factor/);
    expect((await cli('sweep', 'mobilenet-v1', '--alpha', '0.1', '--workers', 'all', '--db', db)).err).toMatch(/--workers: "all"/);
    expect((await cli('sweep', 'mobilenet-v1', '--alpha', '0.1', '--max-flash', 'big', '--db', db)).err).toMatch(/--max-flash: "big"/);
    const r = await cli('sweep', 'mobilenet-v1', '--alpha', '0.1', '--device', 'stm32f746g-disco', '--runtime', 'tvm', '--db', db);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--runtime: "tvm" is not a runtime of stm32f746g-disco/);
  });
});
