import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { addon, onednnAvailable, type CpuLike } from './addon.js';
import { disown, isOwned, release } from './buffer-pool.js';
import { registerActivationGradients } from './activation-gradients.js';
import { BATCH_NORM_GRAD, BATCH_NORM_TRAIN, MOVING_AVERAGES, batchNormKernel, movingAverages } from './batchnorm-kernels.js';
import { convBackpropFilter, convBackpropInput, convForward } from './conv-kernels.js';
import { ACTIVATION_GRAD, activationGrad, binary, reduce, unary } from './eltwise-kernels.js';
import { matmulKernel } from './matmul-kernels.js';
import { ADAM_UPDATE, SGD_UPDATE, adamUpdate, sgdUpdate } from './optimizer-kernels.js';
import { poolBackward, poolForward } from './pool-kernels.js';

/** The name the backend registers under. */
export const ONEDNN_BACKEND = 'onednn';

/** The CPU backend's kernels this backend replaces; each falls back to the CPU kernel for inputs it does not take. */
const OVERRIDES: Record<string, (fallback: KernelFunc) => KernelFunc> = {
  Add: (f) => binary('Add', f),
  Sub: (f) => binary('Sub', f),
  Multiply: (f) => binary('Multiply', f),
  RealDiv: (f) => binary('RealDiv', f),
  Maximum: (f) => binary('Maximum', f),
  Minimum: (f) => binary('Minimum', f),
  SquaredDifference: (f) => binary('SquaredDifference', f),
  Relu: (f) => unary('Relu', f),
  Relu6: (f) => unary('Relu6', f),
  Step: (f) => unary('Step', f),
  Neg: (f) => unary('Neg', f),
  Square: (f) => unary('Square', f),
  Sqrt: (f) => unary('Sqrt', f),
  Rsqrt: (f) => unary('Rsqrt', f),
  Sum: (f) => reduce(false, f),
  Mean: (f) => reduce(true, f),
  Conv2D: (f) => convForward(false, f),
  FusedConv2D: (f) => convForward(false, f),
  DepthwiseConv2dNative: (f) => convForward(true, f),
  FusedDepthwiseConv2D: (f) => convForward(true, f),
  Conv2DBackpropInput: (f) => convBackpropInput(false, f),
  Conv2DBackpropFilter: (f) => convBackpropFilter(false, f),
  DepthwiseConv2dNativeBackpropInput: (f) => convBackpropInput(true, f),
  DepthwiseConv2dNativeBackpropFilter: (f) => convBackpropFilter(true, f),
  AvgPool: (f) => poolForward(0, f),
  AvgPoolGrad: (f) => poolBackward(0, f),
  MaxPool: (f) => poolForward(1, f),
  MaxPoolGrad: (f) => poolBackward(1, f),
  BatchMatMul: (f) => matmulKernel(false, f),
  _FusedMatMul: (f) => matmulKernel(true, f),
};

/** Options of {@link registerOnednnBackend}. */
export interface OnednnOptions {
  /** Threads of oneDNN's OpenMP runtime (the elementwise kernels run on one). @default OpenMP's own (`OMP_NUM_THREADS`, else every core) */
  readonly threads?: number;
}

let registered = false;

type Backend = tf.KernelBackend & CpuLike;

/** The CPU backend, recycling the native kernels' output arrays when their tensors are freed (see buffer-pool). */
function withPool(Cpu: new () => Backend): new () => Backend {
  return class OnednnBackend extends Cpu {
    override disposeData(dataId: object, force = false): boolean {
      const values = this.data.get(dataId)?.values;
      const freed = super.disposeData(dataId, force);
      if (freed && values !== undefined) release(values);
      return freed;
    }
    override readSync(dataId: object): ReturnType<tf.KernelBackend['readSync']> {
      disown(this.data.get(dataId)?.values);
      return super.readSync(dataId);
    }
  };
}

/** A CPU kernel whose output may share memory with a pooled input (a contiguous Slice is a subarray): disown it. */
function guard(kernel: KernelFunc): KernelFunc {
  return ((args: { inputs: Record<string, tf.TensorInfo | undefined>; backend: unknown }) => {
    const out = (kernel as (a: unknown) => tf.TensorInfo | tf.TensorInfo[])(args);
    const data = (args.backend as CpuLike).data;
    const pooled = Object.values(args.inputs).filter((t): t is tf.TensorInfo => t !== undefined && isOwned(data.get(t.dataId)?.values));
    if (pooled.length === 0) return out;
    for (const o of Array.isArray(out) ? out : [out]) {
      const v = data.get(o.dataId)?.values as { buffer?: ArrayBufferLike } | undefined;
      // the same dataId (Reshape, Identity) is counted by the backend's references; another one sharing memory is not
      for (const p of pooled) if (o.dataId !== p.dataId && v?.buffer === (data.get(p.dataId)!.values as Float32Array).buffer) disown(data.get(p.dataId)!.values);
    }
    return out;
  }) as unknown as KernelFunc;
}

/**
 * Register the `onednn` tfjs backend: the stock CPU backend's tensor storage and kernels, with convolutions, training
 * BatchNorm, pooling, matmul, ReLU / ReLU6 and their gradients, and the elementwise and reduction ops native. Returns
 * false when the addon is not built here. `threads` applies on every call (set it before the first kernel runs).
 */
export function registerOnednnBackend(options: OnednnOptions = {}): boolean {
  if (!onednnAvailable()) return false;
  if (options.threads !== undefined) addon().setThreads(options.threads);
  if (registered) return true;
  const cpu = tf.findBackend('cpu') ?? (tf.setBackend('cpu'), tf.findBackend('cpu'));
  const Backend = withPool((cpu as object).constructor as new () => Backend);
  tf.registerBackend(ONEDNN_BACKEND, () => new Backend(), 1);
  for (const k of tf.getKernelsForBackend('cpu')) {
    const override = OVERRIDES[k.kernelName];
    const fallback = guard(k.kernelFunc);
    const config: KernelConfig = { ...k, backendName: ONEDNN_BACKEND, kernelFunc: override ? override(fallback) : fallback };
    tf.registerKernel(config);
  }
  tf.registerKernel({ kernelName: BATCH_NORM_TRAIN, backendName: ONEDNN_BACKEND, kernelFunc: batchNormKernel(0) });
  tf.registerKernel({ kernelName: BATCH_NORM_GRAD, backendName: ONEDNN_BACKEND, kernelFunc: batchNormKernel(1) });
  tf.registerKernel({ kernelName: MOVING_AVERAGES, backendName: ONEDNN_BACKEND, kernelFunc: movingAverages });
  tf.registerKernel({ kernelName: ACTIVATION_GRAD, backendName: ONEDNN_BACKEND, kernelFunc: activationGrad });
  tf.registerKernel({ kernelName: SGD_UPDATE, backendName: ONEDNN_BACKEND, kernelFunc: sgdUpdate });
  tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: ONEDNN_BACKEND, kernelFunc: adamUpdate });
  registerActivationGradients(ONEDNN_BACKEND);
  registered = true;
  return true;
}

/** Threads oneDNN uses now (OpenMP's maximum); undefined without the addon. */
export function onednnThreads(): number | undefined {
  return onednnAvailable() ? addon().getThreads() : undefined;
}
