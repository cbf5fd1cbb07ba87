import { existsSync, readFileSync } from 'node:fs';
import { forTarget, importedName, importedTfjsModel, importModelFile, imageSamples, listImages, quantizeModel, readTflite, tflmDescriptionOf, tfliteToGraph, writeTflite } from '@cnn-analyzer/exporter';
import { memoryReport, tflmArena, type TflmKernelLibrary } from '@cnn-analyzer/memory-planner';
import type { Int8Export, Int8ExportOptions } from './export-model.js';
import type { Io } from './io.js';
import type { ResolvedModel } from './model-spec.js';
import { UsageError } from './usage-error.js';

/** A model file whose trained float weights `export` quantizes: a `.tflite` file or a TensorFlow.js `model.json`. */
export const isImportableFile = (arg: string): boolean => arg.endsWith('.tflite') || arg.endsWith('.json');

/** An exported imported model: what `export` writes, and the int8 result read back as a model (for analysis and the database). */
export interface ImportedExport extends Int8Export {
  readonly resolved: ResolvedModel;
}

/**
 * Import a trained float model with its weights (`.tflite` as TensorFlow's converter writes it, or a TensorFlow.js
 * `model.json`), calibrate it on the representative images and quantize it with the project's int8 quantizer.
 * The result is named `<file name>_int8`, so it never overwrites the file it came from.
 */
export async function exportImported(path: string, extraArgs: readonly string[], o: Int8ExportOptions, io: Io, kernels: TflmKernelLibrary = 'reference'): Promise<ImportedExport> {
  if (!existsSync(path)) throw new UsageError(`model file ${JSON.stringify(path)}: not found`, 'model', path);
  if (extraArgs.length > 0) throw new UsageError(`factor flags do not apply to a model file (got ${extraArgs[0]})`, 'argv', extraArgs[0]);
  if (!o.representative) throw new UsageError('--representative: a trained model is calibrated on images like its training data; give a folder of them (PNG, JPEG or PPM)', 'representative', undefined);
  listImages(o.representative); // fail before any work when the folder is unusable
  const imported = await importModelFile(path, importedName(path));
  const { graph } = imported;
  const name = `${importedName(path)}_int8`;
  const [h, , c] = graph.tensors[graph.inputs[0]!]!.shape as [number, number, number];
  io.err(`${name}: imported ${graph.nodes.length} layers with their weights from ${path}; calibrating on up to ${o.samples} images in ${o.representative}…\n`);
  const tfModel = importedTfjsModel(imported);
  const plan = memoryReport(graph, { order: o.order, kernels: kernels === 'cmsis-nn' ? 'cmsis-nn' : 'reference' });
  const quantized = quantizeModel(graph, tfModel, {
    representative: imageSamples(o.representative, h, c, o.samples),
    floatIO: o.floatIO,
    ...(o.order === 'optimal' ? { operatorOrder: plan.operators } : {}),
  });
  const tflite = forTarget(quantized, o.target ?? 'tflite');
  const bytes = writeTflite(tflite, { stripNames: o.stripNames, stripMetadata: o.stripNames });
  const result = tfliteToGraph(readTflite(bytes), name).graph;
  const resolved: ResolvedModel = { name, architecture: 'tflite', factors: null, graph: result, source: 'tflite', fileBytes: bytes.length };
  return { tfModel, tflite, bytes, plan, arena: tflmArena(tflmDescriptionOf(tflite), { kernels }), resolved };
}

/** A model file ready for a board: the int8 flatbuffer, its memory plan, and the file read back as a model. */
export interface DeployableFile extends Omit<Int8Export, 'tfModel'> {
  readonly tfModel?: Int8Export['tfModel'];
  readonly resolved: ResolvedModel;
}

/** True when a .tflite is already an int8 model with int8 input (what TFLM projects run): every conv / dense weight is INT8. */
function isInt8Model(model: ReturnType<typeof readTflite>): boolean {
  const sg = model.subgraphs[0]!;
  const weighted = sg.operators.filter((op) => ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(model.operatorCodes[op.opcodeIndex]!.builtin));
  return sg.tensors[sg.inputs[0]!]!.type === 'INT8' && weighted.length > 0 && weighted.every((op) => sg.tensors[op.inputs[1]!]!.type === 'INT8');
}

/**
 * A model file for `deploy`: an int8 `.tflite` (one `export` wrote, or TensorFlow's) is used as it is, byte for
 * byte; a float `.tflite` or a TensorFlow.js `model.json` is imported and quantized as `export` does it.
 */
export async function deployableFile(path: string, extraArgs: readonly string[], o: Int8ExportOptions, io: Io, kernels: TflmKernelLibrary): Promise<DeployableFile> {
  if (!existsSync(path)) throw new UsageError(`model file ${JSON.stringify(path)}: not found`, 'model', path);
  if (path.endsWith('.tflite')) {
    const bytes = new Uint8Array(readFileSync(path));
    const tflite = readTflite(bytes);
    if (isInt8Model(tflite)) {
      if (extraArgs.length > 0) throw new UsageError(`factor flags do not apply to a model file (got ${extraArgs[0]})`, 'argv', extraArgs[0]);
      if (o.order === 'optimal') throw new UsageError('--order: an int8 .tflite file keeps its own operator order (use default, or export the float model with --order optimal)', 'order', o.order);
      const name = importedName(path);
      const graph = tfliteToGraph(tflite, name).graph;
      const resolved: ResolvedModel = { name, architecture: 'tflite', factors: null, graph, source: 'tflite', fileBytes: bytes.length };
      return { tflite, bytes, plan: memoryReport(graph, { order: 'default', kernels: kernels === 'cmsis-nn' ? 'cmsis-nn' : 'reference', activations: 'dtype' }), arena: tflmArena(tflmDescriptionOf(tflite), { kernels }), resolved };
    }
  }
  return exportImported(path, extraArgs, o, io, kernels);
}
