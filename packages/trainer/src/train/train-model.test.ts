import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { selectBackend } from '../backends/select-backend.js';
import { loadDataset, type DecodedDataset } from '../data/decoded-cache.js';
import { scanImageFolder } from '../data/scan-folder.js';
import { classificationReport } from '../evaluate/classification-report.js';
import { exportTrainedInt8, predictTflite } from '../evaluate/int8.js';
import { writeShapesDataset } from '../synthetic/shapes-dataset.js';
import { DEFAULT_TRAIN_CONFIG } from './config.js';
import { evaluateFloat } from './evaluate-float.js';
import { readCheckpoint } from './checkpoint.js';
import { trainModel } from './train-model.js';

// MobileNet v1 α = 0.25 at 32×32 on the generated figure-vs-clutter set: 150 images per class, 64×64 PNG/JPEG.
const { graph } = mobilenetV1.create({ alpha: 0.25, resolution: 32, classes: 2 });
let data: DecodedDataset;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shapes-'));
  writeShapesDataset(dir, { perClass: 150 });
  data = loadDataset(scanImageFolder(dir), 32, 3, { cacheDir: join(dir, '.cache') });
  await selectBackend('wasm');
});

describe('training on the generated set', () => {
  it('reaches 80 % test accuracy within 8 epochs, and its int8 .tflite in TensorFlow Lite scores within 7 points of the float model', async () => {
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 8, batchSize: 16, lr: 0.005 };
    const res = await trainModel(graph, data, config, { checkpointDir: mkdtempSync(join(tmpdir(), 'ck-')) });
    expect(res.history).toHaveLength(8);
    // training loss falls: the last epoch's is under half the first's
    expect(res.history[7]!.loss).toBeLessThan(res.history[0]!.loss / 2);
    const test = data.splits.test;
    const float = evaluateFloat(res.model, test, data, 32, graph);
    expect(float.accuracy).toBeGreaterThanOrEqual(0.8);
    const int8 = classificationReport(test.labels, await predictTflite(exportTrainedInt8(graph, res.model, data), test, data), data.classes);
    // 7 points: two of the 29 test images
    expect(Math.abs(int8.accuracy - float.accuracy)).toBeLessThanOrEqual(0.07);
    expect(int8.accuracy).toBeGreaterThanOrEqual(0.75);
    res.model.dispose();
  }, 900_000);

  it('stops early when validation accuracy has not improved for `patience` epochs, keeping the best epoch’s weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-'));
    const res = await trainModel(graph, data, { ...DEFAULT_TRAIN_CONFIG, epochs: 8, batchSize: 32, lr: 1e-6, patience: 1 }, { checkpointDir: dir });
    expect(res.stoppedEarly).toBe(true);
    expect(res.history.length).toBeLessThan(8);
    expect(res.history.length - res.bestEpoch).toBe(1);
    const best = Math.max(...res.history.map((h) => h.valAccuracy));
    expect(res.history[res.bestEpoch - 1]!.valAccuracy).toBe(best);
    const saved = readCheckpoint<unknown>(res.checkpoint).tensors;
    res.model.weights.forEach((w, i) => expect(Buffer.from((w.read().dataSync() as Float32Array).buffer).equals(Buffer.from(saved[i]!.data.buffer))).toBe(true));
    res.model.dispose();
  }, 600_000);
});
