import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawScene, drawScenes } from './scenes.js';
import { runDequantized } from '../import/fidelity.js';
import { REFERENCE_MODELS_DIR } from '../tflite/reference-models.js';

describe('generated scenes', () => {
  it('are deterministic in their seed, in [0, 1], and alternate person / no person', () => {
    expect([...drawScene(42).sample]).toEqual([...drawScene(42).sample]);
    expect([...drawScene(42).sample]).not.toEqual([...drawScene(43).sample]);
    const scenes = drawScenes(6, 10);
    expect(scenes.map((s) => s.person)).toEqual([true, false, true, false, true, false]);
    for (const s of scenes) {
      expect(s.sample).toHaveLength(96 * 96 * 3);
      expect(Math.min(...s.sample)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...s.sample)).toBeLessThanOrEqual(1);
    }
  });

  it('look enough like people and clutter that the trained MLPerf VWW model tells them apart better than chance', async () => {
    const scenes = drawScenes(128, 1);
    const p = await runDequantized(new Uint8Array(readFileSync(join(REFERENCE_MODELS_DIR, 'mlperf_tiny_vww_96_float.tflite'))), scenes.map((s) => s.sample));
    const correct = scenes.filter((s, k) => (p[k]![1]! > p[k]![0]!) === s.person).length;
    console.log(`VWW float model on ${scenes.length} generated scenes: ${correct} correct`);
    // Chance is 64 of 128; a binomial 99.9th percentile under chance is ≈ 82.
    expect(correct).toBeGreaterThan(82);
  });
});
