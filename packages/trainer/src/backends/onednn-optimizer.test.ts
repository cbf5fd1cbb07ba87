import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onednnAvailable } from '@cnn-analyzer/backend-onednn';
import { createOptimizer, type OptimizerConfig } from '../optim/optimizer.js';
import { mulberry32 } from '../random.js';
import { selectBackend } from './select-backend.js';

/** The onednn backend's one-kernel optimizer step against the trainer's tfjs ops on the stock CPU backend. */
const present = onednnAvailable();
if (!present) console.warn('onednn optimizer tests skipped: the addon is not built (libdnnl-dev absent at npm install)');

const random = (n: number, seed: number): Float32Array => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
};

let run = 0;
/** Three steps of `config` over a kernel (decays) and a bias (does not), on the current backend. */
function train(config: OptimizerConfig): Float32Array[] {
  run++;
  const vars = [tf.variable(tf.tensor(random(12, 1), [3, 4]), true, `dense${run}/kernel`), tf.variable(tf.tensor(random(4, 2), [4]), true, `dense${run}/bias`)];
  const opt = createOptimizer(config, vars);
  for (let s = 0; s < 3; s++) {
    const grads = vars.map((v, i) => tf.tensor(random(v.size, 10 * s + i + 3), v.shape));
    opt.step(vars, grads, 0.05);
    tf.dispose(grads);
  }
  const out = [...vars, ...opt.state().slots].map((t) => Float32Array.from(t.dataSync()));
  opt.dispose();
  tf.dispose(vars);
  return out;
}

const CONFIGS: [string, OptimizerConfig][] = [
  ['sgd, momentum 0.9, weight decay 0.01', { name: 'sgd', momentum: 0.9, weightDecay: 0.01 }],
  ['sgd, momentum 0', { name: 'sgd', momentum: 0 }],
  ['adam, weight decay 0.01', { name: 'adam', weightDecay: 0.01 }],
  ['adam', { name: 'adam' }],
];

describe.skipIf(!present)('the onednn optimizer kernel', () => {
  it.each(CONFIGS)('%s: the same float32 values as the tfjs ops on the CPU backend', async (_name, config) => {
    await tf.setBackend('cpu');
    const want = train(config);
    await selectBackend('onednn');
    const got = train(config);
    got.forEach((g, i) => expect(Array.from(g), `tensor ${i}`).toEqual(Array.from(want[i]!)));
  });
});
