import type * as tf from '@tensorflow/tfjs';
import { buildTfjsModel } from '@cnn-analyzer/builders';
import { loadCheckpointWeights } from '@cnn-analyzer/trainer';
import { forTarget, imageSamples, listImages, quantizeModel, tflmDescriptionOf, withOfflinePlan, writeTflite, type TfliteModel, type TfliteTarget } from '@cnn-analyzer/exporter';
import { memoryReport, tflmArena, tflmOfflinePlan, type MemoryReport, type TflmArena, type TflmKernelLibrary } from '@cnn-analyzer/memory-planner';
import type { Io } from './io.js';
import type { ResolvedModel } from './model-spec.js';
import { UsageError } from './usage-error.js';
import { countedImageSamples, describeRepresentativeUse, newRepresentativeUse } from './representative-images.js';

/** Options shared by `export` and `deploy`. */
export interface Int8ExportOptions {
  readonly representative?: string;
  readonly samples: number;
  readonly seed: number;
  readonly floatIO: boolean;
  readonly stripNames: boolean;
  readonly order: 'default' | 'optimal';
  /** `offline`: write TFLM's OfflineMemoryAllocation metadata from the planner's placement. @default 'online' */
  readonly memoryPlan?: 'online' | 'offline';
  /** `tflm`: drop the quantization parameters only TFLite reads (biases'). @default 'tflite' */
  readonly target?: TfliteTarget;
  /** A training checkpoint whose weights to export instead of the seeded initialization. */
  readonly weights?: string;
}

/** A quantized model ready to write, with its float model and memory plan. */
export interface Int8Export {
  readonly tfModel: tf.LayersModel;
  readonly tflite: TfliteModel;
  readonly bytes: Uint8Array;
  readonly plan: MemoryReport;
  /** TFLM's arena for the written file (offline plan included) and the kernel library. */
  readonly arena: TflmArena;
}

/** Parse `--order`, `--memory-plan`, `--samples`, `--seed` as `export` and `deploy` take them. */
export function parseExportFlags(o: { order: string; samples: string; seed: string; memoryPlan?: string }): { order: 'default' | 'optimal'; memoryPlan: 'online' | 'offline'; samples: number; seed: number } {
  if (o.order !== 'default' && o.order !== 'optimal') throw new UsageError(`--order: must be one of default | optimal (got ${JSON.stringify(o.order)})`, 'order', o.order);
  const memoryPlan = o.memoryPlan ?? 'online';
  if (memoryPlan !== 'online' && memoryPlan !== 'offline') throw new UsageError(`--memory-plan: must be one of online | offline (got ${JSON.stringify(memoryPlan)})`, 'memory-plan', memoryPlan);
  const positive = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: must be a positive integer (got ${JSON.stringify(raw)})`, flag, raw);
    return n;
  };
  return { order: o.order, memoryPlan, samples: positive('samples', o.samples), seed: positive('seed', o.seed) };
}

/** Parse `--target`. */
export function parseTarget(raw: string): TfliteTarget {
  if (raw !== 'tflite' && raw !== 'tflm') throw new UsageError(`--target: must be one of tflite | tflm (got ${JSON.stringify(raw)})`, 'target', raw);
  return raw;
}

const KERNEL_LIBRARIES: readonly TflmKernelLibrary[] = ['reference', 'cmsis-nn', 'esp-nn'];

/** Parse `--kernels`. */
export function parseKernels(raw: string): TflmKernelLibrary {
  if (!(KERNEL_LIBRARIES as readonly string[]).includes(raw)) throw new UsageError(`--kernels: must be one of ${KERNEL_LIBRARIES.join(' | ')} (got ${JSON.stringify(raw)})`, 'kernels', raw);
  return raw as TflmKernelLibrary;
}

/** Build the tfjs model, calibrate, quantize and serialize a plugin-built model. */
export function exportInt8(model: ResolvedModel, o: Int8ExportOptions, io: Io, kernels: TflmKernelLibrary = 'reference'): Int8Export {
  if (model.source !== 'plugin') throw new UsageError('only models built from a compound name or an architecture can be exported; a .tflite file already is one', 'model', model.name);
  if (o.representative) listImages(o.representative); // fail before any work when the folder is unusable
  const { graph, name } = model;
  const [h, , c] = graph.tensors[graph.inputs[0]!]!.shape as [number, number, number];
  io.err(`${name}: building TensorFlow.js model and calibrating on ${o.representative ? `images in ${o.representative}` : `${o.samples} generated inputs`}…\n`);
  const tfModel = o.weights ? loadCheckpointWeights(graph, o.weights) : buildTfjsModel(graph, { seed: o.seed });
  const use = newRepresentativeUse();
  const representative = o.representative ? countedImageSamples(o.representative, h, c, o.samples, use) : undefined;
  const plan = memoryReport(graph, { order: o.order, kernels: kernels === 'reference' ? 'reference' : 'cmsis-nn' });
  const quantized = quantizeModel(graph, tfModel, {
    ...(representative ? { representative } : { samples: o.samples, seed: o.seed }),
    floatIO: o.floatIO,
    ...(o.order === 'optimal' ? { operatorOrder: plan.operators } : {}),
  });
  if (o.representative) io.err(`${name}: ${describeRepresentativeUse(o.representative, use, h, c)}\n`);
  const targeted = forTarget(quantized, o.target ?? 'tflite');
  const tflite = o.memoryPlan === 'offline' ? withOfflinePlan(targeted, tflmOfflinePlan(tflmDescriptionOf(targeted)).offsets) : targeted;
  const bytes = writeTflite(tflite, { stripNames: o.stripNames, stripMetadata: o.stripNames });
  return { tfModel, tflite, bytes, plan, arena: tflmArena(tflmDescriptionOf(tflite), { kernels }) };
}
