import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTfliteRunner, referenceModelsDir } from '@cnn-analyzer/exporter';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { makeBatch } from '../data/augment.js';
import { loadDataset } from '../data/decoded-cache.js';
import { scanImageFolder } from '../data/scan-folder.js';
import { writeShapesDataset } from '../synthetic/shapes-dataset.js';
import { DEFAULT_TRAIN_CONFIG } from '../train/config.js';
import { checkpointInfo, trainModel, type TrainProgress } from '../train/train-model.js';
import { loadInitModel } from './init-model.js';
import { runTrainJob } from './train-job.js';

const VWW = join(referenceModelsDir(), 'mlperf_tiny_vww_96_float.tflite');
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

/*
 * Fine-tuning TensorFlow's trained MLPerf VWW model (float .tflite, BatchNorm folded into conv biases) on the
 * generated figure-vs-clutter set. One step per epoch covers the whole training split, so the first step's loss is
 * the mean cross-entropy of the imported model over the training images before any update — computed
 * independently by running the .tflite file itself in TensorFlow Lite's float runtime on the same images.
 */
describe('train --init: fine-tuning the MLPerf float VWW model', () => {
  const dir = tmp('shapes-');
  let data: ReturnType<typeof loadDataset>;
  beforeAll(() => {
    writeShapesDataset(dir, { perClass: 20, size: 64 });
    data = loadDataset(scanImageFolder(dir), 96, 3, { cacheDir: join(dir, '.cache') });
  });

  it('starts at the file\'s outputs (first-step loss = TFLite float run), the loss falls, and the int8 export runs in TFLite', async () => {
    const { graph, init } = await loadInitModel(VWW);
    const train = data.splits.train;
    const runner = await createTfliteRunner(new Uint8Array(readFileSync(VWW)));
    let tfliteLoss = 0;
    try {
      const per = 96 * 96 * 3;
      const all = makeBatch(train, Array.from({ length: train.count }, (_, i) => i), 96, 3);
      for (let i = 0; i < train.count; i++) {
        const p = runner.run([all.subarray(i * per, (i + 1) * per)])[0]! as Float32Array;
        tfliteLoss -= Math.log(Math.min(1, Math.max(1e-7, p[train.labels[i]!]!))) / train.count;
      }
    } finally {
      runner.dispose();
    }
    const steps: Extract<TrainProgress, { kind: 'step' }>[] = [];
    const out = tmp('fine-tune-');
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 3, batchSize: train.count, lr: 3e-4, schedule: 'constant' as const };
    const result = await runTrainJob({ name: 'vww', graph, init, dataDir: dir, outDir: out, config, backend: 'wasm', cacheDir: join(dir, '.cache'), onProgress: (p) => { if (p.kind === 'step') steps.push(p); } });
    console.log(`first-step loss ${steps[0]!.loss.toFixed(6)} (TFLite float run of the file: ${tfliteLoss.toFixed(6)}); epoch losses ${result.history.map((h) => h.loss.toFixed(4)).join(' → ')}`);
    expect(steps.map((s) => s.steps)).toEqual([1, 1, 1]);
    // float32 through 31 layers in two runtimes: agreement to 1e-4 relative (measured ≈1e-6)
    expect(Math.abs(steps[0]!.loss - tfliteLoss)).toBeLessThanOrEqual(1e-4 * Math.max(1, tfliteLoss));
    expect(result.history[2]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.init).toBe(VWW);
    expect(checkpointInfo(result.checkpoint).init).toBe(VWW);
    // the fine-tuned model's int8 export ran in TensorFlow Lite over the whole test split
    expect(existsSync(result.tflitePath!)).toBe(true);
    expect(result.int8!.count).toBe(data.splits.test.count);
    expect(result.int8!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(data.splits.test.count);
    // resume knows where the run started: from the same file it carries on (here: nothing left to train), not without it
    const checkpointDir = join(out, 'checkpoints');
    const resumed = await trainModel(graph, data, config, { checkpointDir, resume: true, init });
    expect(resumed.history).toEqual(result.history);
    resumed.model.dispose();
    await expect(trainModel(graph, data, config, { checkpointDir, resume: true })).rejects.toThrow(`started from ${VWW}, not the seeded initialization`);
  }, 600_000);

  it('a variation whose structure differs from the file is refused, naming the first layer that differs', async () => {
    const other = mobilenetV1.create({ alpha: 0.3, resolution: 96, classes: 2 }).graph;
    await expect(loadInitModel(VWW, other)).rejects.toThrow(`--init ${VWW}: weighted layer 1 differs: mobilenetv1_0.3_96_c3_o2's "conv1" is conv2d, output 48×48×9, kernel 3×3, strides 2×2; the file's is conv2d, output 48×48×8, kernel 3×3, strides 2×2`);
    const same = mobilenetV1.create({ alpha: 0.25, resolution: 96, classes: 2 }).graph;
    expect((await loadInitModel(VWW, same)).graph.name).toBe('mobilenetv1_0.25_96_c3_o2');
  });
});
