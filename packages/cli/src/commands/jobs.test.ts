import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '@cnn-analyzer/trainer';
import { startRedis, waitFor, type RedisServer } from '../../../../tools/vitest-setup/servers.js';
import { cli, killAll, startWorker } from '../../test/queue-harness.js';

let redis: RedisServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
beforeAll(async () => void (redis = await startRedis()), 60_000);
afterAll(async () => {
  await killAll();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync('/usr/bin/redis-server'))('cnn-analyzer jobs (real Redis)', () => {
  it('lists a job that failed its three tries, with the error; the same command again retries it', async () => {
    const q = `${redis!.url}/6`;
    const worker = await startWorker(['--queue', q, '--db', join(dir, 'w.db'), '--kinds', 'train'], waitFor);
    const missing = join(dir, 'no-such-images');
    const t = cli(['train', 'mobilenetv1_0.25_32_c3_o2', '--data', missing, '--epochs', '1', '--backend', 'wasm', '--out', join(dir, 'run'), '--queue', q, '--db', join(dir, 'w.db')]);
    const r = await t.exited;
    expect(r.code, t.err()).toBe(2);
    expect(t.out()).toMatch(/failed: .*no-such-images/);
    const list = cli(['jobs', '--queue', q, '--json']);
    expect((await list.exited).code, list.err()).toBe(0);
    const rows = JSON.parse(list.out()) as { kind: string; state: string; name: string; attempts: number; error?: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'train', state: 'failed', name: 'mobilenetv1_0.25_32_c3_o2', attempts: 3 });
    expect(rows[0]!.error).toContain(missing);
    expect((worker.err().match(/train \S+: try \d failed/g) ?? []).length).toBe(3);
    const text = cli(['jobs', '--queue', q, '--state', 'failed']);
    await text.exited;
    expect(text.out()).toMatch(/^train\s+failed\s+mobilenetv1_0.25_32_c3_o2 .*\(3 tries\)\s+error: /m);
    expect(text.out().trim().split('\n').at(-1)).toBe('0 queued, 0 running, 0 done, 1 failed');
    const bad = cli(['jobs', '--queue', 'localhost:6379']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.err().trim()).toBe('error: --queue: "localhost:6379" is not a redis:// URL');
    // the folder made, the same command again: the failed job gets new tries and is done
    writeShapesDataset(missing, { perClass: 24, size: 32 });
    const again = cli(['train', 'mobilenetv1_0.25_32_c3_o2', '--data', missing, '--epochs', '1', '--backend', 'wasm', '--out', join(dir, 'run'), '--queue', q, '--db', join(dir, 'w.db')]);
    expect((await again.exited).code, again.err() + again.out()).toBe(0);
    expect(again.out()).toMatch(/^trained mobilenetv1_0.25_32_c3_o2 on wasm for 1 epochs \(job train-[0-9a-f]+, run 1\)/);
    const after = cli(['jobs', '--queue', q]);
    await after.exited;
    expect(after.out().trim().split('\n').at(-1)).toBe('0 queued, 0 running, 1 done, 0 failed');
    worker.child.kill('SIGTERM');
    await worker.exited;
  }, 300_000);
});
