import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/reference-models beside the repository (real files written by TensorFlow's converter). */
export const REFERENCE_MODELS_DIR = fileURLToPath(new URL('../../../../../shared/reference-models/', import.meta.url));

/** Every .tflite file under the reference-models folder, recursively. */
export function referenceModelFiles(dir = REFERENCE_MODELS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? referenceModelFiles(path) : entry.endsWith('.tflite') ? [path] : [];
  });
}
