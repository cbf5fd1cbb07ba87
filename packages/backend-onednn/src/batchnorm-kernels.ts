import type { KernelFunc } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, values, type Args } from './addon.js';

/**
 * Kernels of this backend only: BatchNorm over every axis but the last with batch statistics, forward
 * (x, gamma, beta → y, mean, variance) and backward (dy, x, mean, variance, gamma → dx, dgamma, dbeta), each one
 * oneDNN primitive. The trainer's BatchNorm op calls them when this backend is active.
 */
export const BATCH_NORM_TRAIN = 'OnednnBatchNormTrain';
export const BATCH_NORM_GRAD = 'OnednnBatchNormGrad';

export function batchNormKernel(kind: 0 | 1): KernelFunc {
  return ((args: Args) => {
    const names = kind === 0 ? ['x', 'gamma', 'beta'] : ['x', 'dy', 'mean', 'variance', 'gamma'];
    const ins = names.map((n) => values(args.backend, args.inputs[n]));
    if (ins.some((v) => v === undefined)) throw new Error(`${kind === 0 ? BATCH_NORM_TRAIN : BATCH_NORM_GRAD}: float32 inputs only`);
    const x = args.inputs['x']!;
    const channels = x.shape[x.shape.length - 1]!;
    const rows = ins[0]!.length / channels;
    const outs = [alloc(rows * channels), alloc(channels), alloc(channels)];
    addon().batchNorm(kind, rows, channels, args.attrs['epsilon'] as number, [...(ins as Float32Array[]), ...outs]);
    return [output(args.backend, x.shape, outs[0]!), output(args.backend, [channels], outs[1]!), output(args.backend, [channels], outs[2]!)];
  }) as unknown as KernelFunc;
}

/**
 * Kernel of this backend only: both moving averages of a BatchNorm layer in one call, `old − (old − batch)·(1 −
 * momentum)` rounded to float32 after each operation as the tfjs ops it replaces (inputs `movingMean`,
 * `movingVariance`, `mean`, `variance`; attr `momentum`; outputs the new moving mean and variance).
 */
export const MOVING_AVERAGES = 'OnednnMovingAverages';

export const movingAverages: KernelFunc = ((args: Args) => {
  const [om, ov, m, v] = ['movingMean', 'movingVariance', 'mean', 'variance'].map((n) => values(args.backend, args.inputs[n]));
  if (!om || !ov || !m || !v || new Set([om.length, ov.length, m.length, v.length]).size !== 1) throw new Error(`${MOVING_AVERAGES}: four float32 tensors of one size`);
  const c = Math.fround(1 - (args.attrs['momentum'] as number));
  const update = (old: Float32Array, batch: Float32Array): Float32Array => {
    const out = alloc(old.length);
    for (let i = 0; i < old.length; i++) out[i] = old[i]! - Math.fround(Math.fround(old[i]! - batch[i]!) * c);
    return out;
  };
  const shape = args.inputs['movingMean']!.shape;
  return [output(args.backend, shape, update(om, m)), output(args.backend, shape, update(ov, v))];
}) as unknown as KernelFunc;
