import { existsSync } from 'node:fs';
import { importedName, importedTfjsModel, importModelFile, imageSamples, listImages, quantizeModel, readTflite, tfliteToGraph, writeTflite } from '@cnn-analyzer/exporter';
import { memoryReport } from '@cnn-analyzer/memory-planner';
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
export async function exportImported(path: string, extraArgs: readonly string[], o: Int8ExportOptions, io: Io, kernels: 'reference' | 'cmsis-nn' = 'reference'): Promise<ImportedExport> {
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
  const plan = memoryReport(graph, { order: o.order, kernels });
  const tflite = quantizeModel(graph, tfModel, {
    representative: imageSamples(o.representative, h, c, o.samples),
    floatIO: o.floatIO,
    ...(o.order === 'optimal' ? { operatorOrder: plan.operators } : {}),
  });
  const bytes = writeTflite(tflite, { stripNames: o.stripNames, stripMetadata: o.stripNames });
  const result = tfliteToGraph(readTflite(bytes), name).graph;
  const resolved: ResolvedModel = { name, architecture: 'tflite', factors: null, graph: result, source: 'tflite', fileBytes: bytes.length };
  return { tfModel, tflite, bytes, plan, resolved };
}
