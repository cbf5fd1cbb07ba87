import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's `shared/reference-models` folder (real .tflite files written by TensorFlow's converter):
 * `$CNN_ANALYZER_REFERENCE_MODELS` when set, else the first `shared/reference-models` found beside this
 * package or any folder above it (the repository sits next to `shared/`).
 */
export function referenceModelsDir(): string {
  const fromEnv = process.env.CNN_ANALYZER_REFERENCE_MODELS;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'reference-models');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/reference-models');
    dir = up;
  }
}

/** See {@link referenceModelsDir}. */
export const REFERENCE_MODELS_DIR = referenceModelsDir();

/** Every .tflite file under the reference-models folder, recursively. */
export function referenceModelFiles(dir = REFERENCE_MODELS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? referenceModelFiles(path) : entry.endsWith('.tflite') ? [path] : [];
  });
}
