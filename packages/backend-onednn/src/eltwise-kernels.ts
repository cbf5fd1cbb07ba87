import { backend_util, util, type KernelFunc } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, sizeOf, values, type Args } from './addon.js';

/** Codes of the addon's binary ops. */
const BINARY = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 } as const;
/** Codes of the addon's unary ops. */
const UNARY = { Relu: 0, Relu6: 1, Step: 2, Neg: 3, Square: 4, Sqrt: 5, Rsqrt: 6 } as const;

/** Binary ops on float32 tensors with NumPy broadcasting, in one native pass. */
export function binary(kernel: keyof typeof BINARY, fallback: KernelFunc): KernelFunc {
  const op = BINARY[kernel];
  return ((args: Args) => {
    const { a, b } = args.inputs;
    const av = values(args.backend, a);
    const bv = values(args.backend, b);
    if (!av || !bv) return fallback(args as never);
    const shape = backend_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
    const out = alloc(sizeOf(shape));
    addon().binary(op, av, Int32Array.from(a!.shape), bv, Int32Array.from(b!.shape), out, Int32Array.from(shape));
    return output(args.backend, shape, out);
  }) as unknown as KernelFunc;
}

/** Unary ops on float32 tensors (Step with its alpha), in one native pass. */
export function unary(kernel: keyof typeof UNARY, fallback: KernelFunc): KernelFunc {
  const op = UNARY[kernel];
  return ((args: Args) => {
    const x = args.inputs['x'];
    const xv = values(args.backend, x);
    if (!xv) return fallback(args as never);
    const out = alloc(xv.length);
    addon().unary(op, xv, out, (args.attrs?.['alpha'] as number | undefined) ?? 0);
    return output(args.backend, x!.shape, out);
  }) as unknown as KernelFunc;
}

/** Sum and Mean over any axes (accumulated in double), keepDims or not. */
export function reduce(mean: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs['x']!;
    const xv = values(args.backend, x);
    if (!xv) return fallback(args as never);
    const axes = util.parseAxisParam(args.attrs['axis'] as number | number[], x.shape);
    const reduced = Int32Array.from(x.shape, (_, i) => (axes.includes(i) ? 1 : 0));
    const kept = x.shape.map((d, i) => (reduced[i] ? 1 : d));
    const shape = args.attrs['keepDims'] ? kept : x.shape.filter((_, i) => !reduced[i]);
    const out = alloc(sizeOf(kept));
    const count = xv.length / Math.max(out.length, 1);
    addon().reduceSum(xv, Int32Array.from(x.shape), reduced, out, mean ? 1 / count : 1);
    return output(args.backend, shape, out);
  }) as unknown as KernelFunc;
}

/** Kernel of this backend only: the gradient of ReLU (op 0) or ReLU6 (op 1) as one pass over (dy, x). */
export const ACTIVATION_GRAD = 'OnednnActivationGrad';

export const activationGrad: KernelFunc = ((args: Args) => {
  const { dy, x } = args.inputs;
  const dv = values(args.backend, dy);
  const xv = values(args.backend, x);
  if (!dv || !xv) throw new Error(`${ACTIVATION_GRAD}: float32 inputs only`);
  const out = alloc(xv.length);
  addon().activationGrad(args.attrs['op'] as 0 | 1, dv, xv, out);
  return output(args.backend, x!.shape, out);
}) as unknown as KernelFunc;
