import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { fuzzTflite, analyzeTfliteBytes } from './fuzz-tflite.js';

// Files TensorFlow's converter wrote (shared/reference-models/MANIFEST.md): int8 and float, conv nets and a dense one.
const SEEDS = ['mlperf_tiny_kws_ref_model_int8.tflite', 'mlperf_tiny_kws_ref_model_float32.tflite', 'mlperf_tiny_ic_pretrainedResnet_quant.tflite', 'mlperf_tiny_ad01_int8.tflite'].map((name) => ({
  name,
  bytes: new Uint8Array(readFileSync(join(referenceModelsDir(), name))),
}));

describe('10,000 mutated .tflite files through analyze and memory', () => {
  it('analyzes every seed file unmutated (so the mutants start from files that work)', () => {
    for (const s of SEEDS) expect(() => analyzeTfliteBytes(s.bytes), s.name).not.toThrow();
  });

  it('ends every case in a result or a typed one-line error: 0 untyped errors', () => {
    const summary = fuzzTflite(SEEDS, 10_000, 16);
    expect(summary.untyped.slice(0, 5)).toEqual([]);
    expect(summary.analyzed + summary.typedErrors).toBe(10_000);
    // the mutations must reach the reader: a run where nothing fails would test nothing
    expect(summary.typedErrors).toBeGreaterThan(1_000);
    expect(summary.analyzed).toBeGreaterThan(100);
  }, 240_000);
});
