import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, values, type Args } from './addon.js';

/**
 * Kernels of this backend only: a whole optimizer step, every variable in one call, with the trainer's formulas in
 * the float32 order of its tfjs ops (so the result is the same, bit for bit, as those ops on the CPU backend).
 * SGD: inputs `v<i>`, `m<i>`, `g<i>`; attrs `lr`, `momentum`, `weightDecay`, `decays` (one boolean per variable);
 * outputs v'₀, m'₀, v'₁, m'₁, …. Adam: inputs `v<i>`, `m<i>`, `s<i>`, `g<i>`; attrs `lrWeightDecay`, `beta1`, `beta2`,
 * `epsilon`, `stepSize`, `decays`; outputs v'₀, m'₀, s'₀, ….
 */
export const SGD_UPDATE = 'OnednnSgdUpdate';
export const ADAM_UPDATE = 'OnednnAdamUpdate';

function update(adam: boolean): KernelFunc {
  const slots = adam ? ['v', 'm', 's', 'g'] : ['v', 'm', 'g'];
  return ((args: Args) => {
    const decays = args.attrs['decays'] as boolean[];
    const arrays: Float32Array[] = [];
    const outs: TensorInfo[] = [];
    decays.forEach((_, i) => {
      const ins = slots.map((s) => args.inputs[`${s}${i}`]);
      const vs = ins.map((t) => values(args.backend, t));
      if (vs.some((v) => v === undefined || v.length !== vs[0]!.length)) throw new Error(`${adam ? ADAM_UPDATE : SGD_UPDATE}: variable ${i}: float32 tensors of one size only`);
      const next = Array.from({ length: slots.length - 1 }, () => alloc(vs[0]!.length));
      arrays.push(...(vs as Float32Array[]), ...next);
      outs.push(...next.map((n) => output(args.backend, ins[0]!.shape, n)));
    });
    const flags = Int32Array.from(decays, (d) => (d ? 1 : 0));
    const a = args.attrs as Record<string, number>;
    if (adam) addon().adam(arrays, flags, a['lrWeightDecay']!, a['beta1']!, a['beta2']!, a['epsilon']!, a['stepSize']!);
    else addon().sgd(arrays, flags, a['lr']!, a['momentum']!, a['weightDecay']!);
    return outs;
  }) as unknown as KernelFunc;
}

export const sgdUpdate = update(false);
export const adamUpdate = update(true);
