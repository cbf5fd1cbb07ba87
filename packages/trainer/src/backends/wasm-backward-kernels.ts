import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';

/** The part of the wasm backend these kernels use: tensors on its heap. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
interface Args<I extends string, A> {
  inputs: Record<I, TensorInfo>;
  attrs: A;
  backend: unknown;
}
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pair = number | [number, number];

/** Run another wasm kernel from inside a kernel. */
function call(name: string, backend: unknown, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
  const k = getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is not registered`);
  return k.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}
const free = (backend: unknown, ...ts: TensorInfo[]): void => ts.forEach((t) => (backend as WasmBackendLike).disposeData(t.dataId));

/** A 1×1 convolution with stride 1 and no padding is a matrix product over pixels. */
const isPointwise = (filterShape: readonly number[], strides: Pair): boolean =>
  filterShape[0] === 1 && filterShape[1] === 1 && (typeof strides === 'number' ? strides === 1 : strides[0] === 1 && strides[1] === 1);

const CONV_ATTRS = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 } as const;

/**
 * dW (1×1) = Xᵀ·dY over the batch's pixels P, run as XNNPACK's convolution: Xᵀ is an image of one row of
 * ci pixels with P channels, dY the [1, 1, P, co] filter.
 */
function pointwiseBackpropFilter(backend: unknown, x: TensorInfo, dy: TensorInfo, filterShape: number[]): TensorInfo {
  const [ci, co] = [x.shape[3]!, dy.shape[3]!];
  const x2 = call('Reshape', backend, { x }, { shape: [-1, ci] });
  const xt = call('Transpose', backend, { x: x2 }, { perm: [1, 0] });
  const img = call('Reshape', backend, { x: xt }, { shape: [1, 1, ci, -1] });
  const w = call('Reshape', backend, { x: dy }, { shape: [1, 1, -1, co] });
  const prod = call('Conv2D', backend, { x: img, filter: w }, CONV_ATTRS);
  const out = call('Reshape', backend, { x: prod }, { shape: filterShape });
  free(backend, x2, xt, img, w, prod);
  return out;
}

/** Views on the heap, taken after the output is allocated (allocation may grow and detach the heap). */
function heap(backend: unknown, outShape: number[], ...ins: TensorInfo[]): [Float32Array, ...Float32Array[]] {
  const b = backend as WasmBackendLike;
  const out = b.makeOutput(outShape, 'float32');
  const o = b.typedArrayFromHeap(out);
  o.fill(0);
  const views = ins.map((t) => b.typedArrayFromHeap(t));
  (o as Float32Array & { info?: TensorInfo }).info = out;
  return [o, ...views];
}
const infoOf = (a: Float32Array): TensorInfo => (a as Float32Array & { info: TensorInfo }).info;

/**
 * dW[kh, kw, ci, co] = Σ over batch and output pixels of x[b, oy·sh + kh − top, ox·sw + kw − left, ci] · dy[b, oy, ox, co].
 * Loops run over output pixels, then filter taps, with the output channels innermost and contiguous; zero
 * inputs (after ReLU) are skipped.
 */
function conv2DBackpropFilter({ inputs, attrs, backend }: Args<'x' | 'dy', { strides: Pair; pad: Pad; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] }>): TensorInfo {
  const { x, dy } = inputs;
  if (isPointwise(attrs.filterShape, attrs.strides)) return pointwiseBackpropFilter(backend, x, dy, attrs.filterShape);
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const [top, left] = [info.padInfo.top, info.padInfo.left];
  const [dw, xs, dys] = heap(backend, attrs.filterShape, x, dy) as [Float32Array, Float32Array, Float32Array];
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * co;
        for (let kh = 0; kh < fh; kh++) {
          const iy = oy * sh + kh - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const ix = ox * sw + kw - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xBase = ((b * inHeight + iy) * inWidth + ix) * ci;
            const wBase = (kh * fw + kw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const xv = xs[xBase + c]!;
              if (xv === 0) continue;
              const w0 = wBase + c * co;
              for (let o = 0; o < co; o++) dw[w0 + o]! += xv * dys[dyBase + o]!;
            }
          }
        }
      }
    }
  }
  return infoOf(dw);
}

interface DepthwiseAttrs {
  strides: Pair;
  dilations: Pair;
  pad: Pad;
  dimRoundingMode?: Rounding;
}

function depthwiseInfo(xShape: number[], filterShape: number[], a: DepthwiseAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], a.strides, a.dilations, a.pad, a.dimRoundingMode, true, 'channelsLast');
}

/** dW[kh, kw, c, m] = Σ x[b, iy, ix, c] · dy[b, oy, ox, c·mult + m] with iy = oy·sh + kh·dh − top. */
function depthwiseBackpropFilter({ inputs, attrs, backend }: Args<'x' | 'dy', DepthwiseAttrs & { filterShape: [number, number, number, number] }>): TensorInfo {
  const { x, dy } = inputs;
  const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dwl } = info;
  const mult = co / ci;
  const [top, left] = [info.padInfo.top, info.padInfo.left];
  const [dW, xs, dys] = heap(backend, attrs.filterShape, x, dy) as [Float32Array, Float32Array, Float32Array];
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * co;
        for (let kh = 0; kh < fh; kh++) {
          const iy = oy * sh + kh * dh - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const ix = ox * sw + kw * dwl - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xBase = ((b * inHeight + iy) * inWidth + ix) * ci;
            const wBase = (kh * fw + kw) * co;
            if (mult === 1) for (let c = 0; c < ci; c++) dW[wBase + c]! += xs[xBase + c]! * dys[dyBase + c]!;
            else for (let c = 0; c < ci; c++) for (let m = 0; m < mult; m++) dW[wBase + c * mult + m]! += xs[xBase + c]! * dys[dyBase + c * mult + m]!;
          }
        }
      }
    }
  }
  return infoOf(dW);
}

/** dX[b, iy, ix, c] = Σ w[kh, kw, c, m] · dy[b, oy, ox, c·mult + m] over the taps that read (iy, ix). */
function depthwiseBackpropInput({ inputs, attrs, backend }: Args<'dy' | 'filter', DepthwiseAttrs & { inputShape: [number, number, number, number] }>): TensorInfo {
  const { dy, filter } = inputs;
  const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dwl } = info;
  const mult = co / ci;
  const [top, left] = [info.padInfo.top, info.padInfo.left];
  const [dx, ws, dys] = heap(backend, attrs.inputShape, filter, dy) as [Float32Array, Float32Array, Float32Array];
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * co;
        for (let kh = 0; kh < fh; kh++) {
          const iy = oy * sh + kh * dh - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const ix = ox * sw + kw * dwl - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xBase = ((b * inHeight + iy) * inWidth + ix) * ci;
            const wBase = (kh * fw + kw) * co;
            if (mult === 1) for (let c = 0; c < ci; c++) dx[xBase + c]! += ws[wBase + c]! * dys[dyBase + c]!;
            else for (let c = 0; c < ci; c++) for (let m = 0; m < mult; m++) dx[xBase + c]! += ws[wBase + c * mult + m]! * dys[dyBase + c * mult + m]!;
          }
        }
      }
    }
  }
  return infoOf(dx);
}

/**
 * MaxPoolGrad: each output's gradient goes to the first largest input of its window, padding excluded. (The
 * wasm backend's own kernel loses the gradient of windows whose inputs are all negative at a padded edge.)
 */
function maxPoolGrad({ inputs, attrs, backend }: Args<'dy' | 'input', { filterSize: Pair; strides: Pair; pad: Pad; dimRoundingMode?: Rounding }>): TensorInfo {
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth, strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const [top, left] = [info.padInfo.top, info.padInfo.left];
  const [dx, xs, dys] = heap(backend, input.shape, input, dy) as [Float32Array, Float32Array, Float32Array];
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < ch; c++) {
          let best = -Infinity;
          let at = -1;
          for (let kh = 0; kh < fh; kh++) {
            const iy = oy * sh + kh - top;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kw = 0; kw < fw; kw++) {
              const ix = ox * sw + kw - left;
              if (ix < 0 || ix >= inWidth) continue;
              const i = ((b * inHeight + iy) * inWidth + ix) * ch + c;
              if (xs[i]! > best) {
                best = xs[i]!;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at]! += dys[((b * outHeight + oy) * outWidth + ox) * ch + c]!;
        }
      }
    }
  }
  return infoOf(dx);
}

const KERNELS: KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter as unknown as KernelConfig['kernelFunc'] },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: depthwiseBackpropFilter as unknown as KernelConfig['kernelFunc'] },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: depthwiseBackpropInput as unknown as KernelConfig['kernelFunc'] },
];

let registered = false;

/**
 * Conv2DBackpropInput of the wasm backend is a direct loop; for 1×1 stride-1 convolutions (every pointwise
 * layer of the MobileNets) dX = dY·Wᵀ runs as XNNPACK's convolution with the transposed filter.
 */
function fastBackpropInput(original: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args<'dy' | 'filter', { strides: Pair; pad: Pad; inputShape: number[] }>): TensorInfo => {
    const { dy, filter } = args.inputs;
    if (!isPointwise(filter.shape, args.attrs.strides)) return original.kernelFunc(args as never) as TensorInfo;
    const wt = call('Transpose', args.backend, { x: filter }, { perm: [0, 1, 3, 2] });
    const prod = call('Conv2D', args.backend, { x: dy, filter: wt }, CONV_ATTRS);
    const out = call('Reshape', args.backend, { x: prod }, { shape: args.attrs.inputShape });
    free(args.backend, wt, prod);
    return out;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] };
}

/**
 * Register the three backward kernels the tfjs wasm backend lacks, a MaxPoolGrad that keeps the gradient at
 * padded edges, and an XNNPACK path for its 1×1 Conv2DBackpropInput (once per process, before the wasm backend is first used).
 */
export function registerWasmBackwardKernels(): void {
  if (registered) return;
  for (const k of KERNELS) if (!getKernel(k.kernelName, 'wasm')) registerKernel(k);
  unregisterKernel('MaxPoolGrad', 'wasm');
  registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad as unknown as KernelConfig['kernelFunc'] });
  const input = getKernel('Conv2DBackpropInput', 'wasm');
  if (input) {
    unregisterKernel('Conv2DBackpropInput', 'wasm');
    registerKernel(fastBackpropInput(input));
  }
  registered = true;
}
