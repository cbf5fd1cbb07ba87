import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getVariation, openModelDb, trainedRunDetails, trainingCurves } from '@cnn-analyzer/model-db';
import { latestCheckpoint, writeShapesDataset } from '@cnn-analyzer/trainer';
import { runCaptured } from '../run-captured.js';

const bin = fileURLToPath(new URL('../../bin/cnn-analyzer.js', import.meta.url));
const MODEL = 'mobilenetv1_0.25_32_c3_o2';
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

/** Run the built bin; resolve with its exit code and output. `kill` may SIGKILL it early. */
function bin$(args: string[], kill?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    kill?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/** The tensors of a checkpoint file (everything after its JSON header). */
function checkpointTensors(file: string): Buffer {
  const buf = readFileSync(file);
  const n = buf.readUInt32LE(8);
  return buf.subarray(12 + n + ((4 - ((12 + n) % 4)) % 4));
}

describe('cnn-analyzer train', () => {
  const data = tmp('shapes-');
  writeShapesDataset(data, { perClass: 40, size: 40 });
  const cache = tmp('cache-');
  const common = ['train', MODEL, '--data', data, '--epochs', '3', '--batch-size', '16', '--lr', '0.005', '--augment', '--backend', 'wasm', '--cache', cache];

  it('resumed after SIGKILL mid-epoch, ends with the same weights as a run never stopped', async () => {
    const whole = tmp('whole-');
    const a = await bin$([...common, '--out', whole, '--no-export', '--no-db', '--json']);
    expect(a.code, a.err).toBe(0);
    const lines = a.out.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(lines.map((l) => l.event)).toEqual(['epoch', 'epoch', 'epoch', 'result']);
    expect(a.err).toMatch(/^backend: wasm — /m);

    const killed = tmp('killed-');
    const first = join(killed, 'checkpoints', 'epoch-0001.ckpt');
    const b = await bin$([...common, '--out', killed, '--no-export', '--no-db'], (child) => {
      const poll = setInterval(() => {
        if (existsSync(first)) {
          clearInterval(poll);
          setTimeout(() => child.kill('SIGKILL'), 400); // inside epoch 2
        }
      }, 20);
      child.on('close', () => clearInterval(poll));
    });
    expect(b.signal).toBe('SIGKILL');
    expect(latestCheckpoint(join(killed, 'checkpoints'))).not.toMatch(/epoch-0003/);
    const c = await bin$([...common, '--out', killed, '--no-export', '--no-db', '--resume']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toMatch(/resumed after epoch [12] from /);
    const end = (dir: string): Buffer => checkpointTensors(join(dir, 'checkpoints', 'epoch-0003.ckpt'));
    expect(end(killed).equals(end(whole))).toBe(true);
  }, 900_000);

  it('exports the int8 .tflite, evaluates it and records the run with its curves', async () => {
    const out = tmp('run-');
    const db = join(out, 'runs.db');
    const r = await runCaptured(...common, '--epochs', '2', '--out', out, '--db', db, '--json');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out.trim().split('\n').at(-1)!) as { tflitePath: string; checkpoint: string; history: { loss: number; accuracy: number }[]; float: { accuracy: number; confusion: number[][] }; int8: { accuracy: number; count: number } };
    expect(readFileSync(result.tflitePath).subarray(4, 8).toString('latin1')).toBe('TFL3');
    expect(result.float.confusion.flat().reduce((a, b) => a + b, 0)).toBe(result.int8.count);
    const handle = openModelDb(db);
    const runs = getVariation(handle, MODEL)!.trainingRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0]!.floatAccuracy).toBe(result.float.accuracy);
    expect(runs[0]!.int8Accuracy).toBe(result.int8.accuracy);
    const details = trainedRunDetails(handle, runs[0]!.id)!;
    expect(details.backend).toBe('wasm');
    expect(details.curves).toHaveLength(2);
    expect(details.tflite).toBe(result.tflitePath);
    expect(details).toMatchObject({ seed: 1, checkpoint: result.checkpoint, config: { epochs: 2, batchSize: 16, lr: 0.005, seed: 1 } });
    // the curves as a dashboard plots them: one series per curve, aligned on the epochs
    const [curves] = trainingCurves(handle, MODEL);
    expect(curves).toMatchObject({ runId: runs[0]!.id, epoch: [1, 2], loss: result.history.map((h) => h.loss), accuracy: result.history.map((h) => h.accuracy), floatAccuracy: result.float.accuracy, int8Accuracy: result.int8.accuracy });
    handle.close();

    const ev = await runCaptured('evaluate', MODEL, '--data', data, '--out', out, '--tflite', result.tflitePath, '--cache', cache, '--backend', 'wasm', '--no-db', '--json');
    expect(ev.code, ev.err).toBe(0);
    const evaluated = JSON.parse(ev.out) as { float: { accuracy: number }; int8: { accuracy: number } };
    expect(evaluated.float.accuracy).toBe(result.float.accuracy);
    expect(evaluated.int8.accuracy).toBe(result.int8.accuracy);

    // export --weights writes the checkpoint's weights, not the seeded initialization
    const ckpt = latestCheckpoint(join(out, 'checkpoints'))!;
    const exported = (weights: string[]) => runCaptured('export', MODEL, '--out', tmp('exp-'), '--representative', data, '--no-db', '--json', ...weights);
    const [trained, seeded] = [await exported(['--weights', ckpt]), await exported([])];
    expect(trained.code, trained.err).toBe(0);
    const file = (r: { out: string }): Buffer => readFileSync((JSON.parse(r.out) as { files: { path: string }[] }).files[0]!.path);
    expect(file(trained).equals(file(seeded))).toBe(false);
    const wrong = await runCaptured('export', 'mobilenetv1_0.25_48_c3_o2', '--out', tmp('exp-'), '--no-db', '--weights', ckpt);
    expect(wrong.code).toBe(2);
    expect(wrong.err.split('\n').at(-2)).toBe(`error: checkpoint ${ckpt}: holds weights of ${MODEL}, not mobilenetv1_0.25_48_c3_o2`);
  }, 900_000);

  it('refuses bad data folders with one line and exit code 2', async () => {
    const run = (dir: string) => runCaptured('train', MODEL, '--data', dir, '--no-db', '--cache', cache, '--out', tmp('bad-out-'));
    const empty = tmp('empty-');
    const r1 = await run(empty);
    expect([r1.code, r1.err]).toEqual([2, `error: data ${empty}: no class folders (expected one sub-folder of images per class, e.g. person/ and non_person/)\n`]);
    mkdirSync(join(empty, 'person'));
    writeFileSync(join(empty, 'person', 'a.png'), readFileSync(join(data, 'figure', 'figure-0000.png')));
    const r2 = await run(empty);
    expect([r2.code, r2.err]).toEqual([2, `error: data ${empty}: only one class folder (person); a classifier needs two or more\n`]);
    const corrupt = tmp('corrupt-');
    writeShapesDataset(corrupt, { perClass: 30, size: 40 });
    writeFileSync(join(corrupt, 'figure', 'figure-0003.jpg'), 'not a jpeg');
    const r3 = await run(corrupt);
    expect(r3.code).toBe(2);
    expect(r3.err).toBe(`error: ${join(corrupt, 'figure', 'figure-0003.jpg')}: not a PNG, JPEG or binary PPM/PGM file\n`);
    const r4 = await runCaptured('train', MODEL, '--data', data, '--optimizer', 'rmsprop', '--no-db');
    expect([r4.code, r4.err]).toEqual([2, 'error: --optimizer: "rmsprop" is not one of sgd, adam\n']);
  }, 300_000);
});
