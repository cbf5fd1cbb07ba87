import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onednnAvailable } from '@cnn-analyzer/backend-onednn';
import { useFastBatchNorm } from '../train/fast-batchnorm.js';
import { mulberry32 } from '../random.js';
import { selectBackend } from './select-backend.js';

/** BatchNorm's moving statistics on the onednn backend (one native update) against the tfjs ops on the CPU backend. */
const present = onednnAvailable();
if (!present) console.warn('onednn BatchNorm tests skipped: the addon is not built (libdnnl-dev absent at npm install)');

function movingStats(): Float32Array[] {
  const model = tf.sequential({ layers: [tf.layers.batchNormalization({ inputShape: [5, 5, 3], momentum: 0.9 })] });
  useFastBatchNorm(model);
  const r = mulberry32(7);
  for (let s = 0; s < 3; s++) {
    tf.tidy(() => model.apply(tf.tensor4d(Float32Array.from({ length: 2 * 75 }, () => 3 * r() + s), [2, 5, 5, 3]), { training: true }) as tf.Tensor);
  }
  const bn = model.layers[0]!.getWeights();
  const out = bn.slice(2).map((w) => Float32Array.from(w.dataSync()));
  model.dispose();
  return out;
}

describe.skipIf(!present)('BatchNorm moving averages on onednn', () => {
  it('match the tfjs ops on the CPU backend', async () => {
    await tf.setBackend('cpu');
    const want = movingStats();
    await selectBackend('onednn');
    const got = movingStats();
    expect(want[0]!.some((v) => v !== 0)).toBe(true);
    got.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]![j]!)))));
  });
});
