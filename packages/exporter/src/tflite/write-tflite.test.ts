import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTflite } from './read-tflite.js';
import { writeTflite } from './write-tflite.js';
import { createTfliteRunner } from './runtime.js';
import { REFERENCE_MODELS_DIR, referenceModelFiles } from './reference-models.js';

/** File bytes as a plain Uint8Array (a Node Buffer would serialize differently in the comparison). */
const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const load = (rel: string): Uint8Array => bytesOf(join(REFERENCE_MODELS_DIR, rel));

/** A model as comparable plain data (typed arrays as lists). */
const plain = (m: ReturnType<typeof readTflite>): unknown => JSON.parse(JSON.stringify(m, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v)));

describe('writeTflite', () => {
  it('round-trips every reference model: ops, options, shapes, quantization and weights survive write → read', () => {
    for (const file of referenceModelFiles()) {
      const model = readTflite(bytesOf(file));
      expect(plain(readTflite(writeTflite(model))), file).toEqual(plain(model));
    }
  });

  it('aligns weight buffers to 16 bytes', () => {
    const bytes = writeTflite(readTflite(load('mlperf_tiny_vww_96_int8.tflite')));
    const again = readTflite(bytes);
    for (const b of again.buffers) if (b.length > 0) expect(b.byteOffset % 16).toBe(0);
  });

  it('strips names and metadata on request and writes a smaller file', () => {
    const model = readTflite(load('mlperf_tiny_vww_96_int8.tflite'));
    const full = writeTflite(model);
    const stripped = writeTflite(model, { stripNames: true, stripMetadata: true });
    expect(stripped.length).toBeLessThan(full.length);
    const again = readTflite(stripped);
    expect(again.subgraphs[0]!.tensors.every((t) => t.name === '')).toBe(true);
    expect(again.metadata).toEqual([]);
  });

  it('writes a VWW model that the real TensorFlow Lite runtime runs bit-identically to the original', async () => {
    const original = load('mlperf_tiny_vww_96_int8.tflite');
    const rewritten = writeTflite(readTflite(original), { stripNames: true });
    const a = await createTfliteRunner(original);
    const b = await createTfliteRunner(rewritten);
    for (let seed = 1; seed <= 3; seed++) {
      const input = Int8Array.from({ length: 96 * 96 * 3 }, (_, i) => ((i * 7919 * seed) % 256) - 128);
      expect([...b.run([input])[0]!]).toEqual([...a.run([input])[0]!]);
    }
    a.dispose();
    b.dispose();
  });
});
