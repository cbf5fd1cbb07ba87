import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDb } from './database.js';
import { recordAnalysis, recordTrainingRun } from './record.js';
import { recordTrainedRun, searchTrainingRuns, trainedRunDetails, trainingCurves } from './trained-runs.js';

const NAME = 'mobilenetv1_0.25_32_c3_o2';
const analysis = {
  name: NAME, architecture: 'mobilenet-v1', factors: { alpha: 0.25 }, layers: [],
  totals: { params: 1, macs: 1, flops: 1, modelSizeBytes: 1, bytesPerParam: 1, peakMemoryBytes: 1, peakOperator: 'conv1', arenaBytes: 1 },
};
// as the trainer's history holds them: NaN validation figures when there was no validation split
const epochs = [
  { epoch: 1, lr: 0.001, loss: 0.69, accuracy: 0.52, valLoss: NaN, valAccuracy: NaN, imagesPerSecond: 30 },
  { epoch: 2, lr: 0.0005, loss: 0.41, accuracy: 0.83, valLoss: NaN, valAccuracy: NaN, imagesPerSecond: 31 },
];

describe('trained runs: details, curves for charts, runs of a search', () => {
  const db = openModelDb(join(mkdtempSync(join(tmpdir(), 'runs-')), 'm.db'));
  recordAnalysis(db, analysis);
  const logged = recordTrainingRun(db, { name: NAME, epochs: 50, int8Accuracy: 0.85 });
  const plain = recordTrainedRun(db, { name: NAME, epochs: 2, floatAccuracy: 0.8, int8Accuracy: 0.75, details: { backend: 'wasm', seed: 7, config: { lr: 0.001 }, curves: epochs, checkpoint: '/r/epoch-0002.ckpt', tflite: '/r/m.tflite' } });
  const searched = recordTrainedRun(db, { name: NAME, epochs: 1, floatAccuracy: 0.6, details: { backend: 'onednn', seed: 1, config: {}, curves: epochs.slice(0, 1), checkpoint: '/s/epoch-0001.ckpt', searchId: 'abc123' } });

  it('keeps hyper-parameters, backend, seed, checkpoint and export path', () => {
    expect(trainedRunDetails(db, plain)).toMatchObject({ backend: 'wasm', seed: 7, config: { lr: 0.001 }, checkpoint: '/r/epoch-0002.ckpt', tflite: '/r/m.tflite' });
    expect(trainedRunDetails(db, logged)).toBeUndefined();
  });

  it('returns the curves as aligned series, null where there was no validation split', () => {
    const curves = trainingCurves(db, NAME);
    expect(curves.map((c) => c.runId)).toEqual([plain, searched]); // the log-training run has no curves
    expect(curves[0]).toMatchObject({ name: NAME, backend: 'wasm', seed: 7, floatAccuracy: 0.8, int8Accuracy: 0.75, epoch: [1, 2], loss: [0.69, 0.41], accuracy: [0.52, 0.83], valLoss: [null, null], valAccuracy: [null, null], lr: [0.001, 0.0005] });
    expect(curves[0]!.searchId).toBeUndefined();
    expect(curves[1]).toMatchObject({ searchId: 'abc123', int8Accuracy: null, epoch: [1] });
  });

  it('lists the runs recorded under a search', () => {
    expect(searchTrainingRuns(db, 'abc123').map((c) => c.runId)).toEqual([searched]);
    expect(searchTrainingRuns(db, 'other')).toEqual([]);
  });
});
