import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { BUILTIN_ARCHITECTURES } from './architectures.js';
import { readModelFile } from './model-file.js';

/** Hex digits of a file's SHA-256 in the name an imported `.tflite` is recorded under. */
const HASH_DIGITS = 12;

/** The name an imported `.tflite` file is recorded under: its file name and the start of its content hash. */
export function importedName(path: string, bytes: Uint8Array): { name: string; sha256: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { name: `${basename(path)}@${sha256.slice(0, HASH_DIGITS)}`, sha256 };
}

/** True for the name of an imported `.tflite` file (`model.tflite@1a2b3c4d5e6f`). */
export function isImportedName(name: string): boolean {
  return new RegExp(`\\.tflite@[0-9a-f]{${HASH_DIGITS}}$`).test(name);
}

/**
 * The name a variation is recorded under, from what a user typed: a compound name is parsed and written
 * canonically (`…_l5ll32pl64b0.3` → `…_ll32pl64b0.3`, defaults left out); a `.tflite` path becomes its
 * content-hash name; an imported file's recorded name is kept. Throws the parser's one-line error otherwise.
 */
export function canonicalName(name: string, architectures: readonly Architecture[] = BUILTIN_ARCHITECTURES): string {
  if (isImportedName(name)) return name;
  if (name.endsWith('.tflite')) return importedName(resolve(name), readModelFile(name)).name;
  return parseName(name, architectures).canonical;
}
