import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { CnnAnalyzerError, parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { hasVariation, type ModelDb } from '@cnn-analyzer/model-db';
import { UsageError } from './usage-error.js';
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

/**
 * The recorded name a command means by `given`: its canonical spelling when that is recorded, else `given` as
 * typed (a name recorded by a plugin this CLI does not ship). Throws a one-line error naming the command when
 * neither is recorded, adding why `given` is not a compound name when it is not one.
 */
export function recordedName(db: ModelDb, given: string, command: string): string {
  const { canonical, problem } = spellings(given);
  if (canonical !== undefined && hasVariation(db, canonical)) return canonical;
  if (hasVariation(db, given)) return given;
  throw notRecorded(given, canonical, problem, command);
}

/** {@link recordedName} over any database (PostgreSQL too), given how to tell whether a name is recorded. */
export async function recordedNameIn(has: (name: string) => Promise<boolean>, given: string, command: string): Promise<string> {
  const { canonical, problem } = spellings(given);
  if (canonical !== undefined && (await has(canonical))) return canonical;
  if (await has(given)) return given;
  throw notRecorded(given, canonical, problem, command);
}

/** The canonical spelling of `given`, or why it is not a compound name. */
function spellings(given: string): { canonical?: string; problem?: string } {
  try {
    return { canonical: canonicalName(given) };
  } catch (e) {
    if (!(e instanceof CnnAnalyzerError)) throw e;
    return { problem: e.message };
  }
}

function notRecorded(given: string, canonical: string | undefined, problem: string | undefined, command: string): UsageError {
  const spelled = canonical !== undefined && canonical !== given ? ` (canonical ${canonical})` : '';
  return new UsageError(`${command}: ${JSON.stringify(given)}${spelled} is not in the database (analyze it first)${problem ? `; nor is it a compound name: ${problem}` : ''}`, 'name', given);
}
