import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

/** The addon: one entry point for the three convolution passes. */
interface Addon {
  conv(kind: 0 | 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array, params: Int32Array): void;
  batchNorm(kind: 0 | 1, rows: number, channels: number, epsilon: number, arrays: Float32Array[]): void;
}

/**
 * Kernels of this backend only: BatchNorm over every axis but the last with batch statistics, forward
 * (x, gamma, beta → y, mean, variance) and backward (dy, x, mean, variance, gamma → dx, dgamma, dbeta), each one
 * oneDNN primitive. The trainer's BatchNorm op calls them when this backend is active.
 */
export const BATCH_NORM_TRAIN = 'OnednnBatchNormTrain';
export const BATCH_NORM_GRAD = 'OnednnBatchNormGrad';

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

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Elementwise ops on equal shapes, or with a per-channel (last axis) or scalar second operand, as plain loops. */
function binary(op: (a: number, b: number) => number, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const { a, b } = args.inputs;
    const av = values(args.backend, a!);
    const bv = values(args.backend, b!);
    if (!av || !bv) return fallback(args as never);
    const channels = a!.shape[a!.shape.length - 1] ?? 1;
    const perChannel = bv.length === channels && b!.shape.length === 1;
    if (!(sameShape(a!.shape, b!.shape) || perChannel || bv.length === 1)) return fallback(args as never);
    const out = new Float32Array(av.length);
    if (bv.length === av.length) for (let i = 0; i < av.length; i++) out[i] = op(av[i]!, bv[i]!);
    else if (bv.length === 1) for (let i = 0, s = bv[0]!; i < av.length; i++) out[i] = op(av[i]!, s);
    else for (let i = 0; i < av.length; i += channels) for (let c = 0; c < channels; c++) out[i + c] = op(av[i + c]!, bv[c]!);
    return (args.backend as CpuLike).makeTensorInfo([...a!.shape], 'float32', out);
  }) as unknown as KernelFunc;
}

function unary(op: (x: number) => number, fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const xv = values(args.backend, args.inputs['x']!);
    if (!xv) return fallback(args as never);
    const out = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) out[i] = op(xv[i]!);
    return (args.backend as CpuLike).makeTensorInfo([...args.inputs['x']!.shape], 'float32', out);
  }) as unknown as KernelFunc;
}

/** Sum over every axis but the last (bias gradients), as one pass. */
function sumToChannels(fallback: KernelFunc): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs['x']!;
    const xv = values(args.backend, x);
    const axes = ([] as number[]).concat(args.attrs['axis'] as number | number[]).map((a) => (a < 0 ? a + x.shape.length : a)).sort();
    const leading = x.shape.length > 1 && axes.length === x.shape.length - 1 && axes.every((a, i) => a === i);
    if (!xv || !leading || args.attrs['keepDims']) return fallback(args as never);
    const channels = x.shape[x.shape.length - 1]!;
    const acc = new Float64Array(channels);
    for (let i = 0; i < xv.length; i += channels) for (let c = 0; c < channels; c++) acc[c]! += xv[i + c]!;
    return (args.backend as CpuLike).makeTensorInfo([channels], 'float32', Float32Array.from(acc));
  }) as unknown as KernelFunc;
}

const OVERRIDES: Record<string, (fallback: KernelFunc) => KernelFunc> = {
  Add: (f) => binary((a, b) => a + b, f),
  Sub: (f) => binary((a, b) => a - b, f),
  Multiply: (f) => binary((a, b) => a * b, f),
  Relu: (f) => unary((x) => (x > 0 ? x : 0), f),
  Relu6: (f) => unary((x) => (x > 0 ? (x < 6 ? x : 6) : 0), f),
  Step: (f) => ((args: Args) => ((args.attrs['alpha'] ?? 0) === 0 ? unary((x) => (x > 0 ? 1 : 0), f)(args as never) : f(args as never))) as unknown as KernelFunc,
  Sum: (f) => sumToChannels(f),
  Conv2D: (f) => forward(false, false, f),
  FusedConv2D: (f) => forward(false, true, f),
  DepthwiseConv2dNative: (f) => forward(true, false, f),
  FusedDepthwiseConv2D: (f) => forward(true, true, f),
  Conv2DBackpropInput: (f) => backpropInput(false, f),
  Conv2DBackpropFilter: (f) => backpropFilter(false, f),
  DepthwiseConv2dNativeBackpropInput: (f) => backpropInput(true, f),
  DepthwiseConv2dNativeBackpropFilter: (f) => backpropFilter(true, f),
};

function batchNormKernel(kind: 0 | 1): KernelFunc {
  return ((args: Args) => {
    const names = kind === 0 ? ['x', 'gamma', 'beta'] : ['x', 'dy', 'mean', 'variance', 'gamma'];
    const ins = names.map((n) => values(args.backend, args.inputs[n]!));
    if (ins.some((v) => v === undefined)) throw new Error(`${kind === 0 ? BATCH_NORM_TRAIN : BATCH_NORM_GRAD}: float32 inputs only`);
    const x = args.inputs['x']!;
    const channels = x.shape[x.shape.length - 1]!;
    const rows = ins[0]!.length / channels;
    const outs = [new Float32Array(rows * channels), new Float32Array(channels), new Float32Array(channels)];
    addon!.batchNorm(kind, rows, channels, args.attrs['epsilon'] as number, [...(ins as Float32Array[]), ...outs]);
    const b = args.backend as CpuLike;
    return [b.makeTensorInfo(x.shape, 'float32', outs[0]!), b.makeTensorInfo([channels], 'float32', outs[1]!), b.makeTensorInfo([channels], 'float32', outs[2]!)];
  }) as unknown as KernelFunc;
}

let registered = false;

/**
 * Register the `onednn` tfjs backend: the stock CPU backend's tensor storage and kernels, with the
 * convolutions (plain and depthwise, forward and both backward passes) and training BatchNorm on oneDNN. Returns false when the
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
  tf.registerKernel({ kernelName: BATCH_NORM_TRAIN, backendName: ONEDNN_BACKEND, kernelFunc: batchNormKernel(0) });
  tf.registerKernel({ kernelName: BATCH_NORM_GRAD, backendName: ONEDNN_BACKEND, kernelFunc: batchNormKernel(1) });
  registered = true;
  return true;
}
