import { backend_util, type KernelFunc } from '@tensorflow/tfjs';
import { alloc } from './buffer-pool.js';
import { addon, output, sizeOf, values, type Args } from './addon.js';

type Info = backend_util.Conv2DInfo;
type Attrs = Record<string, unknown>;

/** Parameters of the addon (N H W C, KH KW CO G, OH OW SH SW, pads): depthwise as G = C groups. */
const convParams = (c: Info, depthwise: boolean): Int32Array =>
  Int32Array.from([c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels, depthwise ? c.inChannels : 1, c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left, c.padInfo.bottom, c.padInfo.right]);

/** oneDNN runs NHWC, undilated convolutions; anything else stays on the CPU kernels. */
const supported = (c: Info): boolean => c.dataFormat === 'channelsLast' && c.dilationHeight === 1 && c.dilationWidth === 1;

/** Fused activations oneDNN applies as a post-op: their code for the addon. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2 };

function info(xShape: number[], filterShape: number[], a: Attrs, depthwise: boolean): Info {
  return backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], a['strides'] as number, (a['dilations'] as number) ?? 1, a['pad'] as 'same', a['dimRoundingMode'] as undefined, depthwise, backend_util.convertConv2DDataFormat((a['dataFormat'] as 'NHWC') ?? 'NHWC'));
}

/** Conv2D / DepthwiseConv2dNative and their fused forms (bias and ReLU / ReLU6 as oneDNN post-ops). */
export function convForward(depthwise: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const activation = ACTIVATIONS[(args.attrs['activation'] as string | undefined) ?? 'linear'];
    const c = info(x!.shape, filter!.shape, args.attrs, depthwise);
    const xs = values(args.backend, x);
    const ws = values(args.backend, filter);
    const bs = bias ? values(args.backend, bias) : undefined;
    const plainBias = !bias || (bs !== undefined && sizeOf(bias.shape) === c.outChannels);
    if (!supported(c) || !xs || !ws || !plainBias || preluActivationWeights || activation === undefined) return fallback(args as never);
    const out = alloc(c.batchSize * c.outHeight * c.outWidth * c.outChannels);
    addon().conv(0, xs, ws, out, convParams(c, depthwise), bs ?? null, activation);
    return output(args.backend, [c.batchSize, c.outHeight, c.outWidth, c.outChannels], out);
  }) as unknown as KernelFunc;
}

/** Conv2DBackpropInput / DepthwiseConv2dNativeBackpropInput. */
export function convBackpropInput(depthwise: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { dy, filter } = args.inputs;
    const shape = args.attrs['inputShape'] as number[];
    const c = info(shape, filter!.shape, args.attrs, depthwise);
    const dys = values(args.backend, dy);
    const ws = values(args.backend, filter);
    if (!supported(c) || !dys || !ws) return fallback(args as never);
    const out = alloc(sizeOf(shape));
    addon().conv(1, dys, ws, out, convParams(c, depthwise));
    return output(args.backend, shape, out);
  }) as unknown as KernelFunc;
}

/** Conv2DBackpropFilter / DepthwiseConv2dNativeBackpropFilter. */
export function convBackpropFilter(depthwise: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { x, dy } = args.inputs;
    const shape = args.attrs['filterShape'] as number[];
    const c = info(x!.shape, shape, args.attrs, depthwise);
    const xs = values(args.backend, x);
    const dys = values(args.backend, dy);
    if (!supported(c) || !xs || !dys) return fallback(args as never);
    const out = alloc(sizeOf(shape));
    addon().conv(2, xs, dys, out, convParams(c, depthwise));
    return output(args.backend, shape, out);
  }) as unknown as KernelFunc;
}
