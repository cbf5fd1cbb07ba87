import * as tf from '@tensorflow/tfjs';
import { nativeOptimizerStep } from '../backends/onednn-optimizer.js';

/** Optimizers. */
export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Settings of an optimizer. */
export interface OptimizerConfig {
  readonly name: OptimizerName;
  /** SGD momentum (heavy ball). @default 0.9 */
  readonly momentum?: number;
  /** Weight decay of kernels: L2 added to the gradient for SGD, decoupled (AdamW) for Adam. @default 0 */
  readonly weightDecay?: number;
}

/** An optimizer whose state is a list of tensors, so a checkpoint can hold it. */
export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Update `vars` in place from their gradients at learning rate `lr`. */
  step(vars: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): void;
  /** Slots and step count, in a fixed order. */
  state(): { readonly step: number; readonly slots: readonly tf.Tensor[] };
  /** Restore a state read back from {@link state}. */
  load(step: number, slots: readonly tf.Tensor[]): void;
  dispose(): void;
}

/** Whether weight decay applies to a variable: convolution and dense kernels, not biases or BatchNorm. */
const decays = (v: tf.Variable): boolean => /kernel$/.test(v.name.replace(/_\d+$/, ''));

/** Create SGD with momentum or Adam over `vars` (slots start at zero). */
export function createOptimizer(config: OptimizerConfig, vars: readonly tf.Variable[]): Optimizer {
  const wd = config.weightDecay ?? 0;
  const nSlots = config.name === 'adam' ? 2 : 1;
  let slots: tf.Variable[] = vars.flatMap((v) => Array.from({ length: nSlots }, () => tf.variable(tf.zerosLike(v), false)));
  let t = 0;
  const momentum = config.momentum ?? 0.9;
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  return {
    config,
    step(vs, grads, lr) {
      t++;
      const native = config.name === 'sgd' ? { name: 'sgd' as const, lr, momentum, weightDecay: wd } : { name: 'adam' as const, lrWeightDecay: lr * wd, beta1: b1, beta2: b2, epsilon: eps, stepSize: (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t) };
      if (tf.tidy(() => nativeOptimizerStep(native, vs, slots, grads, vs.map(decays)))) return;
      tf.tidy(() => {
        vs.forEach((v, i) => {
          const g0 = grads[i]!;
          if (config.name === 'sgd') {
            const g = wd > 0 && decays(v) ? g0.add(v.mul(wd)) : g0;
            const m = slots[i]!;
            m.assign(m.mul(momentum).add(g));
            v.assign(v.sub(m.mul(lr)));
          } else {
            const [m, s] = [slots[2 * i]!, slots[2 * i + 1]!];
            m.assign(m.mul(b1).add(g0.mul(1 - b1)));
            s.assign(s.mul(b2).add(g0.square().mul(1 - b2)));
            const stepSize = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
            let next = v.sub(m.mul(stepSize).div(s.sqrt().add(eps)));
            if (wd > 0 && decays(v)) next = next.sub(v.mul(lr * wd));
            v.assign(next);
          }
        });
      });
    },
    state: () => ({ step: t, slots }),
    load(step, values) {
      if (values.length !== slots.length) throw new Error(`optimizer state has ${values.length} slots, expected ${slots.length}`);
      t = step;
      slots.forEach((s, i) => s.assign(values[i]!));
    },
    dispose() {
      slots.forEach((s) => s.dispose());
      slots = [];
    },
  };
}
