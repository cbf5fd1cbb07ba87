import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TensorInfo } from '@tensorflow/tfjs';

/** The native addon (native/*.cc): every function reads and writes the given arrays in place. */
export interface Addon {
  conv(kind: 0 | 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array, params: Int32Array, bias?: Float32Array | null, activation?: number): void;
  batchNorm(kind: 0 | 1, rows: number, channels: number, epsilon: number, arrays: Float32Array[]): void;
  binary(op: number, a: Float32Array, aShape: Int32Array, b: Float32Array, bShape: Int32Array, out: Float32Array, outShape: Int32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  activationGrad(op: 0 | 1, dy: Float32Array, x: Float32Array, out: Float32Array): void;
  reduceSum(x: Float32Array, shape: Int32Array, reduced: Int32Array, out: Float32Array, scale: number): void;
  pool(kind: 0 | 1, max: 0 | 1, a: Float32Array, b: Float32Array, out: Float32Array, params: Int32Array): void;
  matmul(a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array, params: Int32Array): void;
  sgd(arrays: Float32Array[], decays: Int32Array, lr: number, momentum: number, weightDecay: number): void;
  adam(arrays: Float32Array[], decays: Int32Array, lrWeightDecay: number, beta1: number, beta2: number, epsilon: number, stepSize: number): void;
  setThreads(n: number): void;
  getThreads(): number;
}

const ADDON = fileURLToPath(new URL('../build/Release/onednn_kernels.node', import.meta.url));
let loaded: Addon | undefined;

/** Whether the native addon was built at install (it is, when `libdnnl-dev` was present). */
export function onednnAvailable(): boolean {
  if (loaded) return true;
  if (!existsSync(ADDON)) return false;
  try {
    loaded = createRequire(import.meta.url)(ADDON) as Addon;
    return true;
  } catch {
    return false;
  }
}

/** The loaded addon; only called by kernels, which are registered after {@link onednnAvailable} said yes. */
export function addon(): Addon {
  if (!loaded && !onednnAvailable()) throw new Error('onednn: the native addon is not built (apt-get install libdnnl-dev, then npm rebuild @cnn-analyzer/backend-onednn)');
  return loaded!;
}

/** What the kernels see of the CPU backend they extend. */
export interface CpuLike {
  data: { get(id: object): { values: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** A tensor's float32 storage, or undefined for other dtypes (the kernel then falls back to the CPU one). */
export const values = (backend: unknown, t: TensorInfo | undefined): Float32Array | undefined => {
  if (!t || t.dtype !== 'float32') return undefined;
  const v = (backend as CpuLike).data.get(t.dataId)?.values;
  return v instanceof Float32Array ? v : undefined;
};

export const output = (backend: unknown, shape: readonly number[], data: Float32Array): TensorInfo => (backend as CpuLike).makeTensorInfo([...shape], 'float32', data);

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** What every kernel function receives. */
export interface Args {
  inputs: Record<string, TensorInfo | undefined>;
  attrs: Record<string, unknown>;
  backend: unknown;
}
