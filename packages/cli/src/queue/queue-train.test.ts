import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelStore } from '@cnn-analyzer/model-db';
import { writeShapesDataset } from '@cnn-analyzer/trainer';
import { startPostgres, startRedis, waitFor, type PostgresServer, type RedisServer } from '../../../../tools/vitest-setup/servers.js';
import { cli, killAll, startWorker } from '../../test/queue-harness.js';

const MODEL = 'mobilenetv1_0.25_32_c3_o2';
const EPOCHS = 3;
const built = existsSync(new URL('../../dist/main.js', import.meta.url));

/** The tensors of a checkpoint file (everything after its JSON header: magic, version, header length, header, padding). */
function checkpointTensors(file: string): Buffer {
  const buf = readFileSync(file);
  const n = buf.readUInt32LE(8);
  return buf.subarray(12 + n + ((4 - ((12 + n) % 4)) % 4));
}

let redis: RedisServer | undefined;
let pg: PostgresServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'queue-train-'));

beforeAll(async () => void ([redis, pg] = await Promise.all([startRedis(), startPostgres()])), 120_000);
afterAll(async () => {
  await killAll();
  await Promise.all([redis?.stop(), pg?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync('/usr/bin/redis-server'))('training on the job queue (real Redis)', () => {
  it('two training jobs on two workers resume after a kill, recorded once each with their artifacts', async () => {
    expect(built, 'needs the built CLI (npm run build)').toBe(true);
    const data = join(dir, 'shapes');
    writeShapesDataset(data, { perClass: 24, size: 32 });
    const q = `${redis!.url}/5`;
    const db = pg ? await pg.createDatabase('train') : join(dir, 'train.db');
    const artifacts = join(dir, 'artifacts');
    const workerArgs = ['--queue', q, '--db', db, '--kinds', 'train', '--lock-ms', '3000'];
    const first = await Promise.all([1, 2].map(() => startWorker(workerArgs, waitFor)));
    const runs = [1, 2].map((seed) => join(dir, `run-${seed}`));
    const trains = [1, 2].map((seed, i) =>
      cli(['train', MODEL, '--data', data, '--epochs', String(EPOCHS), '--batch-size', '8', '--lr', '0.005', '--backend', 'wasm', '--seed', String(seed), '--cache', join(dir, 'cache'), '--out', runs[i]!, '--artifacts', join(artifacts, `seed-${seed}`), '--queue', q, '--db', db, '--json']),
    );
    // both jobs running on the two workers: kill both once each has written its first epoch's checkpoint
    await waitFor('the first checkpoint of both runs', () => runs.every((r) => existsSync(join(r, 'checkpoints', 'epoch-0001.ckpt'))), 480_000);
    for (const w of first) w.child.kill('SIGKILL');
    await Promise.all(first.map((w) => w.exited));
    const second = await Promise.all([1, 2].map(() => startWorker(workerArgs, waitFor)));
    const results = await Promise.all(trains.map((t) => t.exited));
    results.forEach((r, i) => expect(r.code, trains[i]!.err() + trains[i]!.out()).toBe(0));
    for (const [i, t] of trains.entries()) {
      const events = t.out().trim().split('\n').map((l) => JSON.parse(l) as { event: string; epoch?: number; state?: string; result?: { epochs: number; runId: number } });
      expect(events.some((e) => e.event === 'resumed' && e.epoch! >= 1), `run ${i + 1} resumed from a checkpoint: ${t.out()}`).toBe(true);
      const job = events.at(-1)!;
      expect(job).toMatchObject({ event: 'job', state: 'done', result: { epochs: EPOCHS } });
    }
    const store = await openModelStore(db);
    try {
      const rows = await store.trainingRuns(MODEL);
      expect(rows.length).toBe(2); // one per job, none twice
      for (const r of rows) {
        expect(r.epochs).toBe(EPOCHS);
        expect(r.float_accuracy).toBeGreaterThanOrEqual(0);
        expect(r.int8_accuracy).toBeGreaterThanOrEqual(0);
      }
      const files = await store.artifacts(MODEL);
      expect(files.map((f) => f.format).sort()).toEqual(['checkpoint', 'checkpoint', 'tflite', 'tflite']);
      for (const f of files) {
        expect(f.path.startsWith(artifacts)).toBe(true);
        expect(f.sha256).toBe(createHash('sha256').update(readFileSync(f.path)).digest('hex'));
      }
    } finally {
      await store.close();
    }
    for (const w of second) w.child.kill('SIGTERM');
    await Promise.all(second.map((w) => w.exited));
    // resumed on another worker, the run ends with the weights of a run never stopped (the trainer's own CLI, in-process)
    const whole = join(dir, 'whole');
    const local = cli(['train', MODEL, '--data', data, '--epochs', String(EPOCHS), '--batch-size', '8', '--lr', '0.005', '--backend', 'wasm', '--seed', '1', '--cache', join(dir, 'cache'), '--out', whole, '--no-export', '--no-db']);
    expect((await local.exited).code, local.err()).toBe(0);
    const last = `epoch-${String(EPOCHS).padStart(4, '0')}.ckpt`;
    expect(checkpointTensors(join(runs[0]!, 'checkpoints', last)).equals(checkpointTensors(join(whole, 'checkpoints', last)))).toBe(true);
  }, 900_000);
});
