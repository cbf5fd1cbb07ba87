import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tflmArena, tflmOfflinePlan } from '@cnn-analyzer/memory-planner';
import { readTflite } from './read-tflite.js';
import { writeTflite } from './write-tflite.js';
import { REFERENCE_MODELS_DIR } from './reference-models.js';
import { encodeOfflinePlan, offlineOffsetsOf, tflmDescriptionOf, withOfflinePlan } from './tflm-description.js';
import { fileSizeBreakdown } from './size-breakdown.js';
import { forTarget } from './tflm-target.js';

const load = (rel: string): Uint8Array => readFileSync(join(REFERENCE_MODELS_DIR, rel));

describe('tflmArena of converter-written files', () => {
  // arena_used_bytes and head_non_persistent_bytes printed by shared/tools/tflm/tflm-run (stock TFLM 90b983c2,
  // reference kernels) for these files; the CLI's runtime test re-measures our own exports live
  // AD01 (fully connected, 31 tensors, 768 B of activations): arena_used_bytes() says 3,424 but AllocateTensors
  // needs 4,080 (4,064 fails with "Too many buffers (max is 10)": the planner's working memory does not fit)
  it.each([
    ['mlperf_tiny_vww_96_int8.tflite', 103_392, 73_728, 103_392],
    ['tflm/tensorflow/lite/micro/models/person_detect.tflite', 85_024, 55_296, 85_024],
    ['mlperf_tiny_kws_ref_model_int8.tflite', 24_000, 16_000, 24_000],
    ['mlperf_tiny_ad01_int8.tflite', 3_424, 768, 4_080],
  ])('%s: arena_used_bytes %i, head %i, smallest arena %i (as TFLM measures)', (file, used, head, smallest) => {
    const a = tflmArena(tflmDescriptionOf(readTflite(load(file))));
    expect(a.exact).toBe(true);
    expect(a.headBytes).toBe(head);
    expect(a.usedBytes).toBe(used);
    expect(a.arenaBytes).toBe(smallest);
    expect(a.tailBytes).toBe(Object.values(a.tail).reduce((s, x) => s + x, 0));
  });

  it('marks optimized kernel libraries as estimates with a bound', () => {
    const desc = tflmDescriptionOf(readTflite(load('mlperf_tiny_vww_96_int8.tflite')));
    const cmsis = tflmArena(desc, { kernels: 'cmsis-nn' });
    expect(cmsis.exact).toBe(false);
    expect(cmsis.maxErrorBytes).toBeGreaterThan(0);
    expect(cmsis.arenaBytes).toBeGreaterThan(tflmArena(desc).arenaBytes);
    expect(cmsis.note).toContain('estimate');
  });
});

describe('OfflineMemoryAllocation metadata', () => {
  it('is [version 1, subgraph 0, count, offsets…] as int32 words and reads back', () => {
    const bytes = encodeOfflinePlan([0, -1, 4096]);
    expect([...new Int32Array(bytes.buffer)]).toEqual([1, 0, 3, 0, -1, 4096]);
    const model = readTflite(load('mlperf_tiny_vww_96_int8.tflite'));
    const offsets = model.subgraphs[0]!.tensors.map((_, i) => (i === 0 ? 0 : -1));
    const back = readTflite(writeTflite(withOfflinePlan(model, offsets), { stripNames: true, stripMetadata: true }));
    expect(offlineOffsetsOf(back)).toEqual(offsets);
  });

  it('refuses a plan that does not give one offset per tensor', () => {
    const model = readTflite(load('mlperf_tiny_vww_96_int8.tflite'));
    expect(() => withOfflinePlan(model, [0])).toThrow(/offsets for \d+ tensors/);
  });

  it('brings the VWW model head from TFLM greedy 73,728 B to the planner placement, never worse', () => {
    const plan = tflmOfflinePlan(tflmDescriptionOf(readTflite(load('mlperf_tiny_vww_96_int8.tflite'))));
    expect(plan.greedyHeadBytes).toBe(73_728);
    expect(plan.headBytes).toBeLessThanOrEqual(plan.greedyHeadBytes);
  });
});

describe('fileSizeBreakdown', () => {
  it('accounts for every byte of the converter file, by section', () => {
    const bytes = load('mlperf_tiny_vww_96_int8.tflite');
    const b = fileSizeBreakdown(bytes);
    expect(Object.values(b.sections).reduce((s, x) => s + x, 0)).toBe(333_288);
    expect(b.layers).toHaveLength(28); // MobileNet v1: 14 CONV_2D, 13 DEPTHWISE_CONV_2D, 1 FULLY_CONNECTED
    expect(b.sections.weights).toBe(b.layers.reduce((s, l) => s + l.weights, 0));
  });

  it('--target tflm drops only the biases\' quantization parameters', () => {
    const model = readTflite(load('mlperf_tiny_vww_96_int8.tflite'));
    const before = fileSizeBreakdown(writeTflite(model));
    const after = fileSizeBreakdown(writeTflite(forTarget(model, 'tflm')));
    expect(after.sections.weights).toBe(before.sections.weights);
    expect(after.sections.biases).toBe(before.sections.biases);
    expect(after.sections.quantization).toBeLessThan(before.sections.quantization);
    expect(tflmArena(tflmDescriptionOf(readTflite(writeTflite(forTarget(model, 'tflm')))))).toEqual(tflmArena(tflmDescriptionOf(model)));
  });
});
