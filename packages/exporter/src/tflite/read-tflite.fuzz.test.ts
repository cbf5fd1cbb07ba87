import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { readTflite } from './read-tflite.js';
import { tfliteToGraph } from './to-graph.js';
import { TfliteFormatError } from './format-error.js';
import { REFERENCE_MODELS_DIR } from './reference-models.js';

/** Deterministic PRNG (mulberry32) so every run mutates the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = ['tflm/tensorflow/lite/micro/examples/hello_world/models/hello_world_int8.tflite', 'tflm/tensorflow/lite/micro/examples/memory_footprint/models/simple_add_model.tflite', 'mlperf_tiny_kws_ref_model_int8.tflite'];

function mutate(original: Uint8Array, rand: () => number): Uint8Array {
  const kind = Math.floor(rand() * 3);
  if (kind === 0) return original.slice(0, Math.floor(rand() * original.length)); // truncation
  const bytes = original.slice();
  const edits = 1 + Math.floor(rand() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (bytes.length - 4));
    if (kind === 1) bytes[at] = Math.floor(rand() * 256); // byte flip
    else new DataView(bytes.buffer).setUint32(at, Math.floor(rand() * 2 ** 32), true); // wild offset or length
  }
  return bytes;
}

describe('corrupted .tflite files (fuzz, 300 mutations, fixed seed)', () => {
  it('give a typed error with the offset, or read — never a crash, a hang or a huge allocation', () => {
    const rand = prng(20261124);
    const outcomes = { ok: 0, formatError: 0 };
    for (let i = 0; i < 300; i++) {
      const seed = readFileSync(join(REFERENCE_MODELS_DIR, SEEDS[i % SEEDS.length]!));
      const bytes = mutate(seed, rand);
      const started = performance.now();
      let model: ReturnType<typeof readTflite> | undefined;
      try {
        model = readTflite(bytes);
        outcomes.ok++;
      } catch (e) {
        expect(e, `mutation ${i}: ${String(e)}`).toBeInstanceOf(TfliteFormatError);
        const err = e as TfliteFormatError;
        expect(err.offset).toBeGreaterThanOrEqual(0);
        expect(err.offset).toBeLessThanOrEqual(bytes.length);
        expect(err.message).toMatch(/^\.tflite at byte \d+: .* \(expected .+\)$/);
        outcomes.formatError++;
      }
      if (model) {
        // Mapping a damaged but readable file may fail, but only with one of our typed errors.
        let mapped: unknown;
        try {
          tfliteToGraph(model);
        } catch (e) {
          mapped = e;
        }
        if (mapped !== undefined) expect(mapped, `mutation ${i}: ${String(mapped)}`).toBeInstanceOf(CnnAnalyzerError);
      }
      // A hang would show as seconds; a correct read of these small files takes well under a millisecond or two.
      expect(performance.now() - started, `mutation ${i}`).toBeLessThan(2000);
    }
    expect(outcomes.formatError).toBeGreaterThan(50);
  });

  it('says what is wrong with an empty file, a wrong identifier and a cut-off file', () => {
    expect(() => readTflite(new Uint8Array(3))).toThrow('.tflite at byte 0: a root offset and the file identifier would lie outside the 3-byte file');
    const notTflite = new TextEncoder().encode('\x10\x00\x00\x00GIF8 this is not a model');
    expect(() => readTflite(notTflite)).toThrow('.tflite at byte 4: file identifier is "GIF8" (expected "TFL3")');
    const vww = readFileSync(join(REFERENCE_MODELS_DIR, 'mlperf_tiny_vww_96_int8.tflite'));
    expect(() => readTflite(vww.subarray(0, 1000))).toThrow(TfliteFormatError);
  });
});
