import { existsSync, readFileSync } from 'node:fs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { selectBackend, type BackendChoice, type SelectedBackend } from '../backends/select-backend.js';
import { DataError } from '../data/data-error.js';
import { loadDataset } from '../data/decoded-cache.js';
import { scanImageFolder } from '../data/scan-folder.js';
import { classificationReport, type ClassificationReport } from '../evaluate/classification-report.js';
import { exportTrainedInt8, predictTflite } from '../evaluate/int8.js';
import { evaluateFloat } from '../train/evaluate-float.js';
import { checkpointInfo, loadCheckpointWeights } from '../train/train-model.js';

/** Options of {@link runEvaluateJob}. */
export interface EvaluateJobOptions {
  readonly graph: LayerGraph;
  /** Checkpoint whose weights to evaluate. */
  readonly checkpoint: string;
  readonly dataDir: string;
  /** An int8 .tflite to evaluate instead of quantizing the checkpoint (e.g. the one `train` wrote). */
  readonly tflite?: string;
  readonly backend?: BackendChoice;
  readonly valSplit?: number;
  readonly cacheDir?: string;
}

/** Float and int8 scores of a checkpoint on the test split. */
export interface EvaluateJobResult {
  readonly checkpoint: string;
  readonly backend: SelectedBackend;
  readonly classes: readonly string[];
  readonly float: ClassificationReport;
  readonly int8: ClassificationReport;
}

/**
 * Evaluate a checkpoint on the test split of an image folder: the float model in tfjs, and its int8 .tflite
 * (quantized now, calibrated on training images, unless one is given) in TensorFlow Lite.
 */
export async function runEvaluateJob(o: EvaluateJobOptions): Promise<EvaluateJobResult> {
  const info = checkpointInfo(o.checkpoint);
  const layout = scanImageFolder(o.dataDir, { valSplit: o.valSplit ?? 0.1 });
  const [size, , channels] = o.graph.tensors[o.graph.inputs[0]!]!.shape as [number, number, number];
  const data = loadDataset(layout, size, channels, o.cacheDir ? { cacheDir: o.cacheDir } : {});
  const classes = o.graph.tensors[o.graph.outputs[0]!]!.shape.at(-1)!;
  if (classes !== data.classes.length) throw new DataError(`data: ${data.classes.length} classes (${data.classes.join(', ')}) but ${o.graph.name} has ${classes} outputs`, 'data', data.classes.length);
  const backend = await selectBackend(o.backend ?? 'auto');
  const model = loadCheckpointWeights(o.graph, o.checkpoint);
  const test = data.splits.test;
  const float = classificationReport(test.labels, evaluateFloat(model, test, data, info.config.batchSize, o.graph).predictions, data.classes);
  if (o.tflite !== undefined && !existsSync(o.tflite)) throw new DataError(`--tflite ${o.tflite}: not found`, 'tflite', o.tflite);
  const bytes = o.tflite !== undefined ? new Uint8Array(readFileSync(o.tflite)) : exportTrainedInt8(o.graph, model, data);
  model.dispose();
  const int8 = classificationReport(test.labels, await predictTflite(bytes, test, data), data.classes);
  return { checkpoint: o.checkpoint, backend, classes: data.classes, float, int8 };
}
