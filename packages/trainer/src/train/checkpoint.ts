import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

const MAGIC = 'CNNA-CK1';

/** A checkpoint: JSON metadata and named float32 tensors (model weights, then optimizer slots). */
export interface Checkpoint<M> {
  readonly meta: M;
  readonly tensors: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
}

/** A checkpoint file could not be read. */
export class CheckpointError extends CnnAnalyzerError {}

/** File name of the checkpoint after `epoch` (1-based). */
export const checkpointName = (epoch: number): string => `epoch-${String(epoch).padStart(4, '0')}.ckpt`;

/**
 * Write a checkpoint atomically (a temporary file renamed over the target): a run killed at any moment
 * leaves either the previous checkpoints or the complete new one.
 */
export function writeCheckpoint<M>(file: string, meta: M, tensors: readonly { name: string; tensor: tf.Tensor }[]): void {
  const datas = tensors.map((t) => t.tensor.dataSync() as Float32Array);
  const header = Buffer.from(JSON.stringify({ meta, tensors: tensors.map((t) => ({ name: t.name, shape: t.tensor.shape })) }), 'utf8');
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 8);
  const pad = Buffer.alloc((4 - ((12 + header.length) % 4)) % 4);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([head, header, pad, ...datas.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength))]));
  renameSync(tmp, file);
}

/** Read a checkpoint written by {@link writeCheckpoint}. */
export function readCheckpoint<M>(file: string): Checkpoint<M> {
  if (!existsSync(file)) throw new CheckpointError(`checkpoint ${file}: not found`, 'checkpoint', file);
  const buf = readFileSync(file);
  if (buf.length < 12 || buf.subarray(0, 8).toString('latin1') !== MAGIC) throw new CheckpointError(`checkpoint ${file}: not a cnn-analyzer checkpoint`, 'checkpoint', file);
  const n = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + n).toString('utf8')) as { meta: M; tensors: { name: string; shape: number[] }[] };
  let offset = 12 + n + ((4 - ((12 + n) % 4)) % 4);
  const tensors = header.tensors.map((t) => {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (offset + count * 4 > buf.length) throw new CheckpointError(`checkpoint ${file}: truncated at tensor ${t.name}`, 'checkpoint', file);
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + count * 4));
    offset += count * 4;
    return { name: t.name, shape: t.shape, data };
  });
  return { meta: header.meta, tensors };
}

/** The checkpoint of the latest epoch in a folder, or undefined when there is none. */
export function latestCheckpoint(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => /^epoch-\d+\.ckpt$/.test(f)).sort();
  return files.length === 0 ? undefined : join(dir, files[files.length - 1]!);
}

/** Make sure a checkpoint folder exists. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
