import type * as tf from '@tensorflow/tfjs';
import { buildTfjsModel } from '@cnn-analyzer/builders';
import { loadCheckpointWeights } from '@cnn-analyzer/trainer';
import { imageSamples, listImages, quantizeModel, writeTflite, type TfliteModel } from '@cnn-analyzer/exporter';
import { memoryReport, type MemoryReport } from '@cnn-analyzer/memory-planner';
import type { Io } from './io.js';
import type { ResolvedModel } from './model-spec.js';
import { UsageError } from './usage-error.js';

/** Options shared by `export` and `deploy`. */
export interface Int8ExportOptions {
  readonly representative?: string;
  readonly samples: number;
  readonly seed: number;
  readonly floatIO: boolean;
  readonly stripNames: boolean;
  readonly order: 'default' | 'optimal';
  /** A training checkpoint whose weights to export instead of the seeded initialization. */
  readonly weights?: string;
}

/** A quantized model ready to write, with its float model and memory plan. */
export interface Int8Export {
  readonly tfModel: tf.LayersModel;
  readonly tflite: TfliteModel;
  readonly bytes: Uint8Array;
  readonly plan: MemoryReport;
}

/** Parse `--order`, `--samples`, `--seed` as `export` and `deploy` take them. */
export function parseExportFlags(o: { order: string; samples: string; seed: string }): { order: 'default' | 'optimal'; samples: number; seed: number } {
  if (o.order !== 'default' && o.order !== 'optimal') throw new UsageError(`--order: must be one of default | optimal (got ${JSON.stringify(o.order)})`, 'order', o.order);
  const positive = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: must be a positive integer (got ${JSON.stringify(raw)})`, flag, raw);
    return n;
  };
  return { order: o.order, samples: positive('samples', o.samples), seed: positive('seed', o.seed) };
}

/** Build the tfjs model, calibrate, quantize and serialize a plugin-built model. */
export function exportInt8(model: ResolvedModel, o: Int8ExportOptions, io: Io, kernels: 'reference' | 'cmsis-nn' = 'reference'): Int8Export {
  if (model.source !== 'plugin') throw new UsageError('only models built from a compound name or an architecture can be exported; a .tflite file already is one', 'model', model.name);
  if (o.representative) listImages(o.representative); // fail before any work when the folder is unusable
  const { graph, name } = model;
  const [h, , c] = graph.tensors[graph.inputs[0]!]!.shape as [number, number, number];
  io.err(`${name}: building TensorFlow.js model and calibrating on ${o.representative ? `images in ${o.representative}` : `${o.samples} generated inputs`}…\n`);
  const tfModel = o.weights ? loadCheckpointWeights(graph, o.weights) : buildTfjsModel(graph, { seed: o.seed });
  const representative = o.representative ? imageSamples(o.representative, h, c, o.samples) : undefined;
  const plan = memoryReport(graph, { order: o.order, kernels });
  const tflite = quantizeModel(graph, tfModel, {
    ...(representative ? { representative } : { samples: o.samples, seed: o.seed }),
    floatIO: o.floatIO,
    ...(o.order === 'optimal' ? { operatorOrder: plan.operators } : {}),
  });
  const bytes = writeTflite(tflite, { stripNames: o.stripNames, stripMetadata: o.stripNames });
  return { tfModel, tflite, bytes, plan };
}
