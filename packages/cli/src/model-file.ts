import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** Largest `.tflite` file read, bytes (256 MiB: far above any model a microcontroller runs). */
export const MAX_MODEL_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Read a model file after checking it: it exists, is a regular file (not a folder, device or pipe, also behind a
 * link) and is at most {@link MAX_MODEL_FILE_BYTES}. Reads through one descriptor, so what was checked is what is read.
 */
export function readModelFile(path: string): Buffer {
  const field = 'model';
  const where = `model file ${JSON.stringify(path)}`;
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${where}: not found`, field, path);
    if (code === 'ELOOP') throw new UsageError(`${where}: is a link that points to itself`, field, path);
    throw new UsageError(`${where}: cannot be read (${code ?? (e as Error).message})`, field, path);
  }
  if (st.isDirectory()) throw new UsageError(`${where}: is a folder, not a .tflite file`, field, path);
  if (!st.isFile()) throw new UsageError(`${where}: is not a regular file (a device, pipe or socket cannot be read as a model)`, field, path);
  if (st.size > MAX_MODEL_FILE_BYTES) {
    throw new UsageError(`${where}: is ${st.size.toLocaleString('en-US')} bytes, more than the ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MiB a model file may have`, field, path);
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new UsageError(`${where}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, field, path);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new UsageError(`${where}: is not a regular file`, field, path);
    const size = opened.size;
    if (size > MAX_MODEL_FILE_BYTES) throw new UsageError(`${where}: grew past ${MAX_MODEL_FILE_BYTES} bytes while being read`, field, path);
    const bytes = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? bytes : bytes.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
