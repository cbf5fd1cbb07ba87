import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { runCaptured } from '../run-captured.js';

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('queue and database flags', () => {
  it('name the flag and the value of bad input, one line, exit code 2', async () => {
    const cases: [string[], string][] = [
      [['worker'], 'error: --queue: the Redis URL is required (redis://host:port)'],
      [['worker', '--queue', 'redis://h', '--concurrency', '0'], 'error: --concurrency: "0" must be a whole number from 1 to 256'],
      [['worker', '--queue', 'redis://h', '--kinds', 'analyze,bake'], 'error: --kinds: "bake" is not one of analyze, train'],
      [['jobs', '--queue', 'redis://h', '--state', 'lost'], 'error: --state: "lost" is not one of queued, running, done, failed'],
      [['sweep', 'mobilenet-v1', '--alpha', '0.25', '--detach'], 'error: --detach: needs --queue'],
      [['sweep', 'mobilenet-v1', '--alpha', '0.25', '--queue', 'redis://h', '--workers', '2'], 'error: --workers: with --queue the workers are `cnn-analyzer worker` processes (their --concurrency)'],
      [['sweep', 'mobilenet-v1', '--alpha', '0.25', '--queue', 'h:6379'], 'error: --queue: "h:6379" is not a redis:// URL'],
      [['train', 'mobilenetv1_0.25_32_c3_o2', '--data', '.', '--detach'], 'error: --detach: needs --queue'],
      [['train', 'mobilenetv1_0.25_32_c3_o2', '--data', '.', '--queue', 'redis://h', '--no-db'], 'error: --no-db: a queued training is recorded by the worker in its --db'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCaptured(...argv);
      expect({ argv, code: r.code, err: r.err.trim() }).toEqual({ argv, code: 2, err: message });
    }
  });

  it('says which Redis does not answer', async () => {
    const port = await deadPort();
    const r = await runCaptured('jobs', '--queue', `redis://127.0.0.1:${port}`);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: --queue: no Redis answers at redis://127.0.0.1:${port} (within 10 s)`);
    const w = await runCaptured('worker', '--queue', `redis://127.0.0.1:${port}`, '--db', `postgres://cnn:secret@127.0.0.1:${port}/cnn`);
    expect(w.code).toBe(2);
    expect(w.err.trim()).toMatch(new RegExp(`^error: model database postgres://cnn:\\*\\*\\*@127\\.0\\.0\\.1:${port}/cnn: .*ECONNREFUSED`));
  }, 60_000);

  it('documents the new commands and options', async () => {
    const worker = await runCaptured('worker', '--help');
    expect(worker.out).toMatch(/--queue <redis-url>[\s\S]*--concurrency <n>[\s\S]*--backend <name>[\s\S]*--db <file\|url>[\s\S]*--lock-ms <ms>/);
    const jobs = await runCaptured('jobs', '--help');
    expect(jobs.out).toMatch(/--state <state>[\s\S]*--json/);
    const sweep = await runCaptured('sweep', '--help');
    expect(sweep.out).toMatch(/--queue <redis-url>[\s\S]*--detach/);
    const train = await runCaptured('train', '--help');
    expect(train.out).toMatch(/--artifacts <dir>[\s\S]*--queue <redis-url>[\s\S]*--detach/);
  });
});
