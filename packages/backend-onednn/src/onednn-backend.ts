import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

/** The addon: one entry point for the three convolution passes. */
interface Addon {
  conv(kind: 0 | 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array, params: Int32Array): void;
}

/** The name the backend registers under. */
export const ONEDNN_BACKEND = 'onednn';

const ADDON = fileURLToPath(new URL('../build/Release/onednn_conv.node', import.meta.url));
let addon: Addon | undefined;

/** Whether the native addon was built at install (it is, when `libdnnl-dev` was present). */
export function onednnAvailable(): boolean {
  if (addon) return true;
  if (!existsSync(ADDON)) return false;
  try {
    addon = createRequire(import.meta.url)(ADDON) as Addon;
    return true;
  } catch {
    return false;
  }
}

interface CpuLike {
  data: { get(id: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}
const values = (backend: unknown, t: TensorInfo): Float32Array | undefined => {
  const v = (backend as CpuLike).data.get(t.dataId).values;
  return v instanceof Float32Array ? v : undefined;
};

type Info = backend_util.Conv2DInfo;
/** Parameters of the addon (N H W C, KH KW CO G, OH OW SH SW, pads): depthwise as G = C groups. */
const convParams = (c: Info, depthwise: boolean): Int32Array =>
  Int32Array.from([c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels, depthwise ? c.inChannels : 1, c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left, c.padInfo.bottom, c.padInfo.right]);

/** oneDNN runs NHWC, undilated convolutions; anything else stays on the CPU kernels. */
const supported = (c: Info): boolean => c.dataFormat === 'channelsLast' && c.dilationHeight === 1 && c.dilationWidth === 1;

type Attrs = Record<string, unknown>;
interface Args {
  inputs: Record<string, TensorInfo | undefined>;
  attrs: Attrs;
  backend: unknown;
}

function info(xShape: number[], filterShape: number[], a: Attrs, depthwise: boolean): Info {
  return backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], a['strides'] as number, (a['dilations'] as number) ?? 1, a['pad'] as 'same', a['dimRoundingMode'] as undefined, depthwise, backend_util.convertConv2DDataFormat((a['dataFormat'] as 'NHWC') ?? 'NHWC'));
}

/** Bias and relu / relu6 / linear activation of a fused convolution, in place. */
function epilogue(out: Float32Array, bias: Float32Array | undefined, activation: string, channels: number): boolean {
  if (!['linear', 'relu', 'relu6'].includes(activation)) return false;
  for (let i = 0; i < out.length; i += channels) {
    for (let o = 0; o < channels; o++) {
      let v = out[i + o]! + (bias ? bias[o]! : 0);
      if (activation !== 'linear') v = Math.max(0, activation === 'relu6' ? Math.min(6, v) : v);
      out[i + o] = v;
    }
  }
  return true;
}

function forward(depthwise: boolean, fused: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const activation = (args.attrs['activation'] as string | undefined) ?? 'linear';
    const c = info(x!.shape, filter!.shape, args.attrs, depthwise);
    const xs = values(args.backend, x!);
    const ws = values(args.backend, filter!);
    const bs = bias ? values(args.backend, bias) : undefined;
    const plainBias = !bias || (bs !== undefined && bias.shape.length === 1 && bias.shape[0] === c.outChannels);
    if (!supported(c) || !xs || !ws || !plainBias || preluActivationWeights || (fused && !['linear', 'relu', 'relu6'].includes(activation))) return fallback(args as never);
    const out = new Float32Array(c.batchSize * c.outHeight * c.outWidth * c.outChannels);
    addon!.conv(0, xs, ws, out, convParams(c, depthwise));
    if (fused) epilogue(out, bs, activation, c.outChannels);
    return (args.backend as CpuLike).makeTensorInfo([c.batchSize, c.outHeight, c.outWidth, c.outChannels], 'float32', out);
  }) as unknown as KernelFunc;
}

function backpropInput(depthwise: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { dy, filter } = args.inputs;
    const shape = args.attrs['inputShape'] as number[];
    const c = info(shape, filter!.shape, args.attrs, depthwise);
    const dys = values(args.backend, dy!);
    const ws = values(args.backend, filter!);
    if (!supported(c) || !dys || !ws) return fallback(args as never);
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    addon!.conv(1, dys, ws, out, convParams(c, depthwise));
    return (args.backend as CpuLike).makeTensorInfo(shape, 'float32', out);
  }) as unknown as KernelFunc;
}

function backpropFilter(depthwise: boolean, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { x, dy } = args.inputs;
    const shape = args.attrs['filterShape'] as number[];
    const c = info(x!.shape, shape, args.attrs, depthwise);
    const xs = values(args.backend, x!);
    const dys = values(args.backend, dy!);
    if (!supported(c) || !xs || !dys) return fallback(args as never);
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    addon!.conv(2, xs, dys, out, convParams(c, depthwise));
    return (args.backend as CpuLike).makeTensorInfo(shape, 'float32', out);
  }) as unknown as KernelFunc;
}

const OVERRIDES: Record<string, (fallback: KernelFunc) => KernelFunc> = {
  Conv2D: (f) => forward(false, false, f),
  FusedConv2D: (f) => forward(false, true, f),
  DepthwiseConv2dNative: (f) => forward(true, false, f),
  FusedDepthwiseConv2D: (f) => forward(true, true, f),
  Conv2DBackpropInput: (f) => backpropInput(false, f),
  Conv2DBackpropFilter: (f) => backpropFilter(false, f),
  DepthwiseConv2dNativeBackpropInput: (f) => backpropInput(true, f),
  DepthwiseConv2dNativeBackpropFilter: (f) => backpropFilter(true, f),
};

let registered = false;

/**
 * Register the `onednn` tfjs backend: the stock CPU backend's tensor storage and kernels, with the
 * convolutions (plain and depthwise, forward and both backward passes) on oneDNN. Returns false when the
 * addon is not built here.
 */
export function registerOnednnBackend(): boolean {
  if (registered) return true;
  if (!onednnAvailable()) return false;
  const cpu = tf.findBackend('cpu') ?? (tf.setBackend('cpu'), tf.findBackend('cpu'));
  const Cpu = (cpu as object).constructor as new () => tf.KernelBackend;
  tf.registerBackend(ONEDNN_BACKEND, () => new Cpu(), 1);
  for (const k of tf.getKernelsForBackend('cpu')) {
    const override = OVERRIDES[k.kernelName];
    const config: KernelConfig = { ...k, backendName: ONEDNN_BACKEND, ...(override ? { kernelFunc: override(k.kernelFunc) } : {}) };
    tf.registerKernel(config);
  }
  registered = true;
  return true;
}
