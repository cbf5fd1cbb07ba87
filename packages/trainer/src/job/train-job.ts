import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { selectBackend, type BackendChoice, type SelectedBackend } from '../backends/select-backend.js';
import { loadDataset, type DecodedDataset } from '../data/decoded-cache.js';
import { scanImageFolder, SPLITS, type SplitName } from '../data/scan-folder.js';
import { classificationReport, type ClassificationReport } from '../evaluate/classification-report.js';
import { exportTrainedInt8, predictTflite } from '../evaluate/int8.js';
import { checkTrainConfig, type TrainConfig } from '../train/config.js';
import { evaluateFloat } from '../train/evaluate-float.js';
import type { InitWeights } from './init-model.js';
import { trainModel, type EpochRecord, type TrainProgress } from '../train/train-model.js';

/** A training job from image folder to int8 .tflite. */
export interface TrainJobOptions {
  /** Compound name of the variation (file names). */
  readonly name: string;
  readonly graph: LayerGraph;
  /** Image folder: one sub-folder per class, optionally under train/ val/ test/. */
  readonly dataDir: string;
  /** Run folder: checkpoints/, <name>.tflite, report.json. */
  readonly outDir: string;
  readonly config: TrainConfig;
  /** @default 'auto' */
  readonly backend?: BackendChoice;
  /** @default 0.1 */
  readonly valSplit?: number;
  readonly resume?: boolean;
  /** Start from imported float weights ({@link loadInitModel}) instead of the seeded initialization. */
  readonly init?: InitWeights;
  /** Folder of decoded-dataset caches. @default {@link defaultCacheDir} */
  readonly cacheDir?: string;
  /** Export the trained model to int8 and evaluate it in TFLite. @default true */
  readonly exportInt8?: boolean;
  readonly onProgress?: (p: TrainProgress) => void;
  /** One-line messages: the backend chosen, the dataset, the export. */
  readonly onLog?: (line: string) => void;
}

/** What a training job produced. */
export interface TrainJobResult {
  readonly name: string;
  readonly backend: SelectedBackend;
  readonly classes: readonly string[];
  readonly splitBy: 'folders' | 'hash';
  readonly images: Readonly<Record<SplitName, number>>;
  readonly config: TrainConfig;
  /** The model file the run started from (absent: the seeded initialization). */
  readonly init?: string;
  readonly history: readonly EpochRecord[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly checkpoint: string;
  /** The float model on the test split. */
  readonly float: ClassificationReport;
  /** The int8 .tflite in TensorFlow Lite on the test split (absent without export). */
  readonly int8?: ClassificationReport;
  readonly tflitePath?: string;
  readonly tfliteBytes?: number;
  /** Training seconds (without decoding and evaluation). */
  readonly seconds: number;
}

/** Scan, decode (or read the cache), choose the backend, train, export to int8 and evaluate both models on the test split. */
export async function runTrainJob(o: TrainJobOptions): Promise<TrainJobResult> {
  checkTrainConfig(o.config);
  const log = o.onLog ?? (() => {});
  const layout = scanImageFolder(o.dataDir, { valSplit: o.valSplit ?? 0.1 });
  const [size, , channels] = o.graph.tensors[o.graph.inputs[0]!]!.shape as [number, number, number];
  const data: DecodedDataset = loadDataset(layout, size, channels, o.cacheDir ? { cacheDir: o.cacheDir } : {});
  const images = Object.fromEntries(SPLITS.map((s) => [s, data.splits[s].count])) as Record<SplitName, number>;
  log(`data: ${layout.classes.length} classes (${layout.classes.join(', ')}), ${images.train} train / ${images.val} val / ${images.test} test images (${layout.splitBy === 'folders' ? 'train/ val/ test/ folders' : '80/10/10 split by file-name hash'}), ${data.fromCache ? 'decoded cache' : 'decoded into'} ${data.cacheFile}`);
  const backend = await selectBackend(o.backend ?? 'auto');
  log(`backend: ${backend.name} — ${backend.detail}`);
  mkdirSync(o.outDir, { recursive: true });
  const t0 = performance.now();
  const trained = await trainModel(o.graph, data, o.config, { checkpointDir: join(o.outDir, 'checkpoints'), ...(o.resume ? { resume: true } : {}), ...(o.init ? { init: o.init } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const test = data.splits.test;
  const float = classificationReport(test.labels, evaluateFloat(trained.model, test, data, o.config.batchSize, o.graph).predictions, data.classes);
  let int8: ClassificationReport | undefined;
  let tflitePath: string | undefined;
  let tfliteBytes: number | undefined;
  if (o.exportInt8 ?? true) {
    const bytes = exportTrainedInt8(o.graph, trained.model, data);
    tflitePath = join(o.outDir, `${o.name}.tflite`);
    writeFileSync(tflitePath, bytes);
    tfliteBytes = bytes.length;
    int8 = classificationReport(test.labels, await predictTflite(bytes, test, data), data.classes);
    log(`exported ${tflitePath} (${bytes.length.toLocaleString('en-US')} bytes), evaluated in TensorFlow Lite`);
  }
  trained.model.dispose();
  const result: TrainJobResult = {
    name: o.name, backend, classes: data.classes, splitBy: layout.splitBy, images, config: o.config, ...(o.init ? { init: o.init.file } : {}), history: trained.history,
    bestEpoch: trained.bestEpoch, stoppedEarly: trained.stoppedEarly, checkpoint: trained.checkpoint, float,
    ...(int8 ? { int8, tflitePath: tflitePath!, tfliteBytes: tfliteBytes! } : {}), seconds,
  };
  writeFileSync(join(o.outDir, 'report.json'), JSON.stringify(result, null, 2));
  return result;
}
