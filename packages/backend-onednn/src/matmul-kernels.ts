import { type KernelFunc } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, sizeOf, values, type Args } from './addon.js';

const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2 };

/**
 * BatchMatMul and _FusedMatMul (bias, ReLU / ReLU6) on oneDNN: the operands' outer dimensions flattened to one
 * batch, equal on both sides or 1 on one; transposes read through strides.
 */
export function matmulKernel(fused: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const av = values(args.backend, a);
    const bv = values(args.backend, b);
    const biasv = bias ? values(args.backend, bias) : undefined;
    const activation = ACTIVATIONS[(args.attrs['activation'] as string | undefined) ?? 'linear'];
    if (!av || !bv || (bias && !biasv) || preluActivationWeights || activation === undefined || a!.shape.length < 2 || b!.shape.length < 2) return fallback(args as never);
    const ta = Boolean(args.attrs['transposeA']);
    const tb = Boolean(args.attrs['transposeB']);
    const [ar, ac] = a!.shape.slice(-2) as [number, number];
    const [br, bc] = b!.shape.slice(-2) as [number, number];
    const [m, k, k2, n] = [ta ? ac : ar, ta ? ar : ac, tb ? bc : br, tb ? br : bc];
    const outerA = a!.shape.slice(0, -2);
    const outerB = b!.shape.slice(0, -2);
    const [batchA, batchB] = [sizeOf(outerA), sizeOf(outerB)];
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    if (k !== k2 || !(sameOuter || (outerA.length === outerB.length && (batchA === 1 || batchB === 1))) || (biasv && biasv.length !== n)) return fallback(args as never);
    const outer = batchA >= batchB ? outerA : outerB;
    const out = alloc(Math.max(batchA, batchB) * m * n);
    addon().matmul(av, bv, biasv ?? null, out, Int32Array.from([batchA, batchB, m, k, n, ta ? 1 : 0, tb ? 1 : 0, biasv ? 1 : 0, fused ? activation : 0]));
    return output(args.backend, [...outer, m, n], out);
  }) as unknown as KernelFunc;
}
