import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openModelDb, searchEvaluations } from '@cnn-analyzer/model-db';
import { runCaptured as cli } from '../run-captured.js';

const bin = fileURLToPath(new URL('../../bin/cnn-analyzer.js', import.meta.url));
const tmpDb = (): string => join(mkdtempSync(join(tmpdir(), 'optimize-')), 'models.db');

describe('cnn-analyzer optimize', () => {
  it('rejects bad flags with one line naming the flag and exit code 2', async () => {
    for (const [args, text] of [
      [['optimize', 'mobilenet-v1', '--budget', 'soon', '--no-db'], '--budget: "soon"'],
      [['optimize', 'mobilenet-v1', '--max-latency', '50', '--no-db'], '--max-latency: needs --device'],
      [['optimize', 'mobilenet-v1', '--alhpa', '0.5', '--no-db'], 'factors.alhpa: unknown key'],
      [['optimize', 'lenet', '--no-db'], 'architecture "lenet" is unknown'],
      [['optimize', 'mobilenet-v1', '--workers', '0', '--no-db'], '--workers: "0" is not a whole number from 1 to 256'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(text);
    }
  });

  it('evaluates on worker threads with the same result as one thread (--workers)', async () => {
    const args = ['optimize', 'shufflenet-v2', '--budget', '200', '--no-db', '--json', '--no-progress'] as const;
    const one = await cli(...args, '--workers', '1');
    const two = await cli(...args, '--workers', '2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(JSON.parse(one.out).evaluated).toBe(200);
  }, 120_000);

  it('prints the best variation, the Pareto front and the trail as JSON and records the search', async () => {
    const db = tmpDb();
    const r = await cli('optimize', 'shufflenet-v1', '--db', db, '--json', '--no-progress');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { id: string; best: { alpha: { name: string; violations: unknown[] } }; pareto: unknown[]; trail: { action: string }[] };
    expect(out.best.alpha.violations).toEqual([]);
    expect(out.trail[0]!.action).toBe('defaults');
    const handle = openModelDb(db);
    try {
      const recorded = searchEvaluations(handle, out.id);
      expect(recorded.map((e) => e.name)).toContain(out.best.alpha.name);
      const row = handle.prepare('SELECT result FROM searches WHERE id = ?').get(out.id) as { result: string };
      expect(JSON.parse(row.result).best.alpha.name).toBe(out.best.alpha.name);
    } finally {
      handle.close();
    }
  }, 120_000);

  it('resumes a search killed with SIGKILL from the database and ends with the same result', async () => {
    const db = tmpDb();
    const child = spawn(process.execPath, [bin, 'optimize', 'mobilenet-v2', '--db', db, '--no-progress', '--json'], { stdio: 'ignore' });
    // Kill once a few evaluations are committed.
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const h = openModelDb(db);
        const n = (h.prepare('SELECT COUNT(*) AS n FROM search_evaluations').get() as { n: number }).n;
        h.close();
        if (n >= 5) break;
      } catch {
        /* not created yet */
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const resumed = await cli('optimize', 'mobilenet-v2', '--db', db, '--json', '--no-progress');
    const fresh = await cli('optimize', 'mobilenet-v2', '--no-db', '--json', '--no-progress');
    const a = JSON.parse(resumed.out) as { analyzed: number };
    const b = JSON.parse(fresh.out) as { analyzed: number };
    expect(a.analyzed).toBeLessThan(b.analyzed);
    expect({ ...a, analyzed: 0 }).toEqual({ ...b, analyzed: 0 });
  }, 180_000);
});
