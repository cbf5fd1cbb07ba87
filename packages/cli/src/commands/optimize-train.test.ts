import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSearch, openModelDb, searchEvaluations, searchTrainingRuns, trainedRunDetails } from '@cnn-analyzer/model-db';
import { writeShapesDataset } from '@cnn-analyzer/trainer';
import { runCaptured as cli } from '../run-captured.js';

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

interface Trained { candidate: { name: string; alpha: number; params: number; violations: unknown[] }; floatAccuracy: number; int8Accuracy: number; tflite: string; runId: number }

describe('cnn-analyzer optimize --train-top', () => {
  const data = tmp('shapes-');
  writeShapesDataset(data, { perClass: 30, size: 32 });
  const search = ['optimize', 'mobilenet-v1', '--resolution', '32', '--max-flash', '40KB', '--budget', '120', '--no-progress'];

  it('refuses training flags without --train-top, and --train-top without --data', async () => {
    const a = await cli(...search, '--no-db', '--epochs', '2');
    expect([a.code, a.err]).toEqual([2, 'error: --epochs: only applies with --train-top <k>\n']);
    const b = await cli(...search, '--no-db', '--train-top', '2');
    expect([b.code, b.err]).toEqual([2, 'error: --data: --train-top trains on an image folder; give it with --data <dir>\n']);
    const c = await cli(...search, '--no-db', '--train-top', '0', '--data', data);
    expect(c.code).toBe(2);
  });

  it('trains the k best candidates within the constraints with one setup, records the runs under the search, reports the most accurate', async () => {
    const dir = tmp('search-');
    const db = join(dir, 'm.db');
    const r = await cli(...search, '--db', db, '--json', '--train-top', '2', '--data', data, '--epochs', '1', '--batch-size', '16', '--backend', 'wasm', '--cache', join(dir, 'cache'), '--runs', join(dir, 'runs'));
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { id: string; training: { setup: { config: { epochs: number; seed: number } }; shortlist: string[]; runs: Trained[]; best: Trained } };
    const { runs, best, shortlist } = out.training;
    expect(out.training.setup.config.epochs).toBe(1);

    const handle = openModelDb(db);
    try {
      // the shortlist: the two passing evaluations of the search with the largest α (then params)
      const passing = searchEvaluations(handle, out.id).filter((e) => e.pass).map((e) => e.evaluation as { name: string; alpha: number; params: number });
      passing.sort((a, b) => b.alpha - a.alpha || b.params - a.params);
      expect(passing.length).toBeGreaterThanOrEqual(2);
      expect(shortlist).toEqual(passing.slice(0, 2).map((e) => e.name));
      expect(runs.map((t) => t.candidate.name)).toEqual(shortlist);
      for (const t of runs) {
        expect(t.candidate.violations).toEqual([]);
        expect(readFileSync(t.tflite).subarray(4, 8).toString('latin1')).toBe('TFL3');
        expect(trainedRunDetails(handle, t.runId)).toMatchObject({ searchId: out.id, seed: out.training.setup.config.seed, tflite: t.tflite });
      }
      // the most accurate by int8 accuracy (then α)
      const top = [...runs].sort((a, b) => b.int8Accuracy - a.int8Accuracy || b.candidate.alpha - a.candidate.alpha)[0]!;
      expect(best.candidate.name).toBe(top.candidate.name);
      // recorded under the search: the runs with their curves, and the result with the training
      const recorded = searchTrainingRuns(handle, out.id);
      expect(recorded.map((c) => [c.name, c.int8Accuracy, c.epoch.length])).toEqual(runs.map((t) => [t.candidate.name, t.int8Accuracy, 1]));
      expect((getSearch(handle, out.id)!.result as { training: { best: Trained } }).training.best.candidate.name).toBe(best.candidate.name);
    } finally {
      handle.close();
    }

    // the same search and setup again: the recorded runs are reused, not retrained
    const text = await cli(...search, '--db', db, '--train-top', '1', '--data', data, '--epochs', '1', '--batch-size', '16', '--backend', 'wasm', '--cache', join(dir, 'cache'), '--runs', join(dir, 'runs2'));
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`most accurate within the constraints: ${shortlist[0]} (int8 ${(runs[0]!.int8Accuracy * 100).toFixed(1)}%`);
    const reopened = openModelDb(db);
    expect(searchTrainingRuns(reopened, out.id)).toHaveLength(2);
    reopened.close();
  }, 600_000);
});
