import { statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.js';

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Check, before any work, that a file can be written at `path`: its folder exists and is a folder, and the path is
 * not a folder or a device (an existing regular file is replaced). Throws a one-line usage error naming the flag.
 */
export function checkOutputFile(flag: string, path: string): void {
  const dir = dirname(path);
  let d;
  try {
    d = statSync(dir);
  } catch (e) {
    throw new UsageError(`--${flag}: folder ${JSON.stringify(dir)} does not exist (${errno(e)}); create it first`, flag, path);
  }
  if (!d.isDirectory()) throw new UsageError(`--${flag}: ${JSON.stringify(dir)} is not a folder`, flag, path);
  let f;
  try {
    f = statSync(path);
  } catch {
    return; // does not exist yet: fine
  }
  if (f.isDirectory()) throw new UsageError(`--${flag}: ${JSON.stringify(path)} is a folder`, flag, path);
  if (!f.isFile()) throw new UsageError(`--${flag}: ${JSON.stringify(path)} is not a regular file`, flag, path);
}

/**
 * Check, before any work, that `path` can be the output folder: it is a folder or does not exist yet (its parent
 * then must be a folder or creatable), and it is not a file.
 */
export function checkOutputFolder(flag: string, path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return; // created when writing
    throw new UsageError(`--${flag}: ${JSON.stringify(path)} cannot be used (${errno(e)})`, flag, path);
  }
  if (!st.isDirectory()) throw new UsageError(`--${flag}: ${JSON.stringify(path)} exists and is not a folder`, flag, path);
}

/** Write text to a checked path; returns the bytes written (UTF-8), and turns a failure into one line. */
export function writeOutputFile(flag: string, path: string, text: string): number {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`--${flag}: cannot write ${JSON.stringify(path)} (${errno(e)})`, flag, path);
  }
  return Buffer.byteLength(text);
}
