import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from './optimizer.js';
import { learningRateAt } from './schedule.js';

/** Run `steps` updates of f(w) = Σ (w − t)² · c from w0 with our optimizer and with tfjs's own, and return both. */
function compare(name: 'sgd' | 'adam', steps: number, lr: number): [Float32Array, Float32Array] {
  const w0 = [0.5, -1.2, 2, 0.1];
  const target = tf.tensor1d([1, 0, -1, 3]);
  const c = tf.tensor1d([1, 3, 0.5, 2]);
  const loss = (w: tf.Variable): tf.Scalar => tf.sum(tf.mul(tf.square(tf.sub(w, target)), c)) as tf.Scalar;
  const ours = tf.variable(tf.tensor1d(w0), true, `ours-${name}`);
  const opt = createOptimizer({ name, momentum: 0.9 }, [ours]);
  const theirs = tf.variable(tf.tensor1d(w0), true, `theirs-${name}`);
  // tfjs: MomentumOptimizer (accumulator = m·acc + g; w −= lr·acc) and AdamOptimizer (β 0.9/0.999, ε 1e-7)
  const ref = name === 'sgd' ? tf.train.momentum(lr, 0.9) : tf.train.adam(lr, 0.9, 0.999, 1e-7);
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => loss(ours), [ours]);
      opt.step([ours], [grads[ours.name]!], lr);
    });
    ref.minimize(() => loss(theirs), false, [theirs]);
  }
  return [ours.dataSync() as Float32Array, theirs.dataSync() as Float32Array];
}

describe('optimizers', () => {
  it.each(['sgd', 'adam'] as const)('%s takes the same steps as tfjs’s own optimizer', (name) => {
    const [ours, theirs] = compare(name, 25, 0.01);
    for (let i = 0; i < ours.length; i++) expect(ours[i]!).toBeCloseTo(theirs[i]!, 5);
  });

  it('keeps its state: 10 steps, save, reload into a fresh optimizer, 10 more equals 20 straight', () => {
    const run = (split: boolean): Float32Array => {
      const w = tf.variable(tf.tensor1d([1, 2, 3]), true);
      let opt = createOptimizer({ name: 'adam' }, [w]);
      for (let i = 0; i < 20; i++) {
        if (split && i === 10) {
          const { step, slots } = opt.state();
          const saved = slots.map((s) => tf.tensor(s.dataSync(), s.shape));
          opt = createOptimizer({ name: 'adam' }, [w]);
          opt.load(step, saved);
        }
        tf.tidy(() => opt.step([w], [tf.variableGrads(() => tf.sum(tf.square(w)) as tf.Scalar, [w]).grads[w.name]!], 0.05));
      }
      return w.dataSync() as Float32Array;
    };
    expect(Array.from(run(true))).toEqual(Array.from(run(false)));
  });
});

describe('learning-rate schedules', () => {
  it('step divides by 10 after each third; cosine follows ½(1 + cos(π·e/E))', () => {
    [1, 1, 0.1, 0.1, 0.01, 0.01].forEach((want, i) => expect(learningRateAt('step', 1, [0, 3, 4, 7, 8, 11][i]!, 12)).toBeCloseTo(want, 12));
    expect(learningRateAt('cosine', 0.1, 0, 10)).toBe(0.1);
    expect(learningRateAt('cosine', 0.1, 5, 10)).toBeCloseTo(0.05, 12);
    expect(learningRateAt('cosine', 0.1, 9, 10)).toBeCloseTo(0.1 * 0.5 * (1 + Math.cos(0.9 * Math.PI)), 12);
    expect(learningRateAt('constant', 0.3, 7, 10)).toBe(0.3);
  });
});
