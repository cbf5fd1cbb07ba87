import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { importTflite, type ImportedModel } from './import-tflite.js';
import { loadTfjsModelFile, tfjsToGraph, TfjsImportError } from './tfjs-model.js';

/** The model name a file gives: `model.tflite` → `model`; `dir/model.json` → `dir` (tfjs models are folders). */
export function importedName(path: string): string {
  if (path.endsWith('.tflite')) return basename(path, '.tflite');
  return basename(dirname(path)).replace(/_tfjs$/, '') || basename(path, '.json');
}

/** Import a trained float model with its weights from a `.tflite` file or a TensorFlow.js `model.json` (weights beside it). */
export async function importModelFile(path: string, name = importedName(path)): Promise<ImportedModel> {
  if (!existsSync(path)) throw new TfjsImportError(`${path}: not found (expected a .tflite file or a TensorFlow.js model.json)`, path);
  if (path.endsWith('.tflite')) return importTflite(new Uint8Array(readFileSync(path)), name);
  if (path.endsWith('.json')) {
    const model = await loadTfjsModelFile(path);
    try {
      return tfjsToGraph(model, name);
    } finally {
      model.dispose();
    }
  }
  throw new TfjsImportError(`${path}: unknown model file type (expected a .tflite file or a TensorFlow.js model.json)`, path);
}
