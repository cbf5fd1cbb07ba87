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
