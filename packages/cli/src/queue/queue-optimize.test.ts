import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDb, type ModelDb } from '@cnn-analyzer/model-db';
import { writeShapesDataset } from '@cnn-analyzer/trainer';
import { startRedis, waitFor, type RedisServer } from '../../../../tools/vitest-setup/servers.js';
import { cli, killAll, startWorker } from '../../test/queue-harness.js';

const built = existsSync(new URL('../../dist/main.js', import.meta.url));
let redis: RedisServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'queue-optimize-'));

const data = join(dir, 'shapes');
beforeAll(async () => {
  writeShapesDataset(data, { perClass: 24, size: 32 });
  redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await killAll();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Run { candidate: { name: string; alpha: number; params: number }; floatAccuracy: number; int8Accuracy?: number; epochs: number; runId: number; tflite?: string }
interface Out { id: string; training: { jobs: { name: string; job: string; state: string }[]; shortlist?: string[]; runs?: Run[]; best?: Run } }

const read = <T>(file: string, fn: (db: ModelDb) => T): T => {
  const db = openModelDb(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

describe.skipIf(!existsSync('/usr/bin/redis-server'))('optimize --train-top on the job queue (real Redis)', () => {
  it('enqueues the shortlist, a worker trains it, the most accurate is reported; again: the same jobs, nothing retrained', async () => {
    expect(built, 'needs the built CLI (npm run build)').toBe(true);
    const q = `${redis!.url}/6`;
    const db = join(dir, 'models.db');
    const worker = await startWorker(['--queue', q, '--db', db, '--kinds', 'train', '--concurrency', '2'], waitFor);
    const argsFor = (epochs: number): string[] => ['optimize', 'mobilenet-v1', '--resolution', '32', '--max-flash', '400KB', '--budget', '12', '--train-top', '2', '--data', data, '--epochs', String(epochs), '--batch-size', '8',
      '--backend', 'wasm', '--runs', join(dir, `runs-${epochs}`), '--artifacts', join(dir, 'artifacts'), '--queue', q, '--db', db, '--json', '--no-progress'];
    const args = argsFor(2);
    const first = cli(args);
    const r1 = await first.exited;
    expect(r1.code, first.err()).toBe(0);
    const out = JSON.parse(first.out()) as Out;
    const t = out.training;
    expect(t.jobs).toHaveLength(2);
    expect(t.jobs.map((j) => j.state)).toEqual(['done', 'done']);
    expect(t.runs!.map((r) => r.candidate.name)).toEqual(t.shortlist);
    expect(t.jobs.map((j) => j.name)).toEqual(t.shortlist);
    // what the worker recorded (its database, not the enqueuer's report): one run per job, 2 epochs, its accuracies
    const recorded = read(db, (h) => h.prepare('SELECT id, name, epochs, float_accuracy, int8_accuracy FROM training_runs ORDER BY id').all() as { id: number; name: string; epochs: number; float_accuracy: number; int8_accuracy: number }[]);
    expect(recorded.map((r) => r.name).sort()).toEqual([...t.shortlist!].sort());
    for (const run of t.runs!) {
      const row = recorded.find((r) => r.id === run.runId)!;
      expect(row).toMatchObject({ name: run.candidate.name, epochs: 2, float_accuracy: run.floatAccuracy, int8_accuracy: run.int8Accuracy });
      expect(existsSync(run.tflite!)).toBe(true);
    }
    // the most accurate by the recorded int8 accuracy (ties: larger α, then more params)
    const byRow = [...t.runs!].sort((a, b) => recorded.find((r) => r.id === b.runId)!.int8_accuracy - recorded.find((r) => r.id === a.runId)!.int8_accuracy || b.candidate.alpha - a.candidate.alpha || b.candidate.params - a.candidate.params);
    expect(t.best!.candidate.name).toBe(byRow[0]!.candidate.name);
    // the search recorded with its training
    const stored = read(db, (h) => JSON.parse((h.prepare('SELECT result FROM searches WHERE id = ?').get(out.id) as { result: string }).result) as { training: { best: Run } });
    expect(stored.training.best.runId).toBe(t.best!.runId);

    // the same command again: the same jobs, their recorded results; no new training run
    const again = cli(args);
    expect((await again.exited).code, again.err()).toBe(0);
    const out2 = JSON.parse(again.out()) as Out;
    expect(out2.training.jobs).toEqual(t.jobs);
    expect(out2.training.runs!.map((r) => r.runId)).toEqual(t.runs!.map((r) => r.runId));
    expect(read(db, (h) => (h.prepare('SELECT COUNT(*) AS n FROM training_runs').get() as { n: number }).n)).toBe(2);

    // --detach: another setup (1 epoch) is enqueued and the command returns at once with the jobs queued
    const detached = cli([...argsFor(1), '--detach']);
    expect((await detached.exited).code, detached.err()).toBe(0);
    const out3 = JSON.parse(detached.out()) as Out;
    expect(out3.training.jobs.map((j) => j.state)).toEqual(['queued', 'queued']);
    expect(out3.training.runs).toBeUndefined();
    expect(out3.training.jobs.map((j) => j.job).some((j) => t.jobs.some((k) => k.job === j))).toBe(false);
    await waitFor('the detached trainings', () => read(db, (h) => (h.prepare('SELECT COUNT(*) AS n FROM training_runs WHERE epochs = 1').get() as { n: number }).n) === 2, 300_000);
    worker.child.kill('SIGTERM');
    await worker.exited;
  }, 600_000);

  it('refuses --queue without --train-top, a bad queue URL and a PostgreSQL --db where a SQLite file is needed, before any work', async () => {
    const cases: [string[], string][] = [
      [['optimize', 'mobilenet-v1', '--queue', 'redis://h', '--no-db'], 'error: --queue: only applies with --train-top <k> (the search itself runs here; its trainings go to the queue)'],
      [['optimize', 'mobilenet-v1', '--train-top', '2', '--data', data, '--queue', 'h:1', '--no-db'], 'error: --queue: "h:1" is not a redis:// URL'],
      [['optimize', 'mobilenet-v1', '--train-top', '2', '--data', data, '--detach', '--no-db'], 'error: --detach: needs --queue'],
      [['optimize', 'mobilenet-v1', '--db', 'postgres://cnn:secret@db.lan/cnn'], 'error: --db: postgres://cnn:***@db.lan/cnn: optimize records its search in a SQLite file (with --train-top --queue, the workers record the trainings in their own --db, PostgreSQL too)'],
      [['log-training', 'mobilenetv1_0.25_96_c3_o2', '--int8-accuracy', '80%', '--db', 'postgres://cnn:secret@db.lan/cnn'], "error: --db: postgres://cnn:***@db.lan/cnn: this command takes a SQLite file; on PostgreSQL, list, show, compare, report and dashboard read and the queue's workers write (sweep/train/optimize --queue)"],
    ];
    for (const [argv, message] of cases) {
      const p = cli(argv);
      const r = await p.exited;
      expect({ argv, code: r.code, err: p.err().trim() }).toEqual({ argv, code: 2, err: message });
    }
  }, 60_000);
});
