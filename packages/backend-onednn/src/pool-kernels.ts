import { backend_util, type KernelFunc } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, sizeOf, values, type Args } from './addon.js';

type Info = backend_util.Conv2DInfo;

function poolInfo(shape: number[], a: Record<string, unknown>): Info {
  return backend_util.computePool2DInfo(shape as [number, number, number, number], a['filterSize'] as number, a['strides'] as number, 1, a['pad'] as 'same', a['dimRoundingMode'] as undefined);
}

/** N H W C, KH KW OH OW, SH SW, pads (top left bottom right). */
const poolParams = (c: Info): Int32Array =>
  Int32Array.from([c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left, c.padInfo.bottom, c.padInfo.right]);

/** A 1×1 stride-1 window is the identity, which tfjs returns without computing: leave it to the CPU kernel. */
const trivial = (c: Info): boolean => c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1;

/** AvgPool / MaxPool (NHWC; average excludes the padding, as TensorFlow does). */
export function poolForward(max: 0 | 1, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs['x']!;
    const xv = values(args.backend, x);
    if (!xv || x.shape.length !== 4) return fallback(args as never);
    const c = poolInfo(x.shape, args.attrs);
    if (trivial(c)) return fallback(args as never);
    const out = alloc(c.batchSize * c.outHeight * c.outWidth * c.outChannels);
    addon().pool(0, max, xv, xv, out, poolParams(c));
    return output(args.backend, [c.batchSize, c.outHeight, c.outWidth, c.outChannels], out);
  }) as unknown as KernelFunc;
}

/** AvgPoolGrad / MaxPoolGrad: dy and the forward input give dx. */
export function poolBackward(max: 0 | 1, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { dy, input } = args.inputs;
    const dv = values(args.backend, dy);
    const xv = values(args.backend, input);
    if (!dv || !xv || input!.shape.length !== 4) return fallback(args as never);
    const c = poolInfo(input!.shape, args.attrs);
    if (trivial(c)) return fallback(args as never);
    const out = alloc(sizeOf(input!.shape));
    addon().pool(1, max, dv, xv, out, poolParams(c));
    return output(args.backend, input!.shape, out);
  }) as unknown as KernelFunc;
}
