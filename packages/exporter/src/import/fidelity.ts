import { readTflite } from '../tflite/read-tflite.js';
import type { TfliteModel } from '../tflite/model.js';
import { createTfliteRunner } from '../tflite/runtime.js';

/** How closely a quantized model follows the float model on a set of inputs, both run in the TFLite runtime. */
export interface Fidelity {
  readonly model: string;
  /** Mean over inputs and classes of |dequantized int8 output − float output| (probabilities, 0–1). */
  readonly meanAbsDiff: number;
  /** Largest |dequantized int8 output − float output| over inputs and classes. */
  readonly maxAbsDiff: number;
  /** Share of inputs (0–1) on which the quantized model's top-1 class is the float model's. */
  readonly top1Agreement: number;
  /** The quantized model's dequantized outputs, one array per input. */
  readonly outputs: readonly Float32Array[];
}

const argmax = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
};

/** Run a model on float inputs in the real TFLite runtime: int8/uint8 I/O is (de)quantized with the file's own parameters. */
export async function runDequantized(bytes: Uint8Array, inputs: readonly Float32Array[]): Promise<Float32Array[]> {
  const model = readTflite(bytes);
  const sg = model.subgraphs[0]!;
  const inQ = sg.tensors[sg.inputs[0]!]!.quantization;
  const outQ = sg.tensors[sg.outputs[0]!]!.quantization;
  const runner = await createTfliteRunner(bytes);
  const [lo, hi] = runner.inputs[0]!.dataType === 'uint8' ? [0, 255] : [-128, 127];
  try {
    return inputs.map((x) => {
      const feed = inQ ? Float32Array.from(x, (v) => Math.max(lo, Math.min(hi, Math.round(v / inQ.scale[0]! + inQ.zeroPoint[0]!)))) : x;
      const y = runner.run([feed])[0]!;
      return outQ ? Float32Array.from(y, (q) => (q - outQ.zeroPoint[0]!) * outQ.scale[0]!) : Float32Array.from(y);
    });
  } finally {
    runner.dispose();
  }
}

/** Compare quantized models with a float reference on the same inputs, every model run in the real TFLite runtime. */
export async function measureFidelity(floatBytes: Uint8Array, quantized: readonly { name: string; bytes: Uint8Array }[], inputs: readonly Float32Array[]): Promise<{ float: Float32Array[]; rows: Fidelity[] }> {
  const float = await runDequantized(floatBytes, inputs);
  const rows: Fidelity[] = [];
  for (const q of quantized) {
    const outputs = await runDequantized(q.bytes, inputs);
    let sum = 0;
    let max = 0;
    let count = 0;
    let agree = 0;
    outputs.forEach((y, k) => {
      const f = float[k]!;
      y.forEach((v, i) => {
        const d = Math.abs(v - f[i]!);
        sum += d;
        max = Math.max(max, d);
        count++;
      });
      if (argmax(y) === argmax(f)) agree++;
    });
    rows.push({ model: q.name, meanAbsDiff: sum / count, maxAbsDiff: max, top1Agreement: agree / inputs.length, outputs });
  }
  return { float, rows };
}

/** Output quantization of one operator in two int8 models that correspond position by position. */
export interface LayerScaleRow {
  /** Position among the compute operators (QUANTIZE / DEQUANTIZE skipped). */
  readonly index: number;
  readonly operator: string;
  /** Output tensor name in the reference model. */
  readonly tensor: string;
  readonly ours: { readonly scale: number; readonly zeroPoint: number };
  readonly theirs: { readonly scale: number; readonly zeroPoint: number };
  /** ours.scale / theirs.scale. */
  readonly scaleRatio: number;
}

/**
 * Pair the operators of our int8 model with the converter's, in execution order, skipping QUANTIZE and
 * DEQUANTIZE; pairing stops at the first operator whose type differs (the layers no longer correspond).
 */
export function compareLayerScales(ours: TfliteModel, theirs: TfliteModel): LayerScaleRow[] {
  const compute = (m: TfliteModel): { operator: string; tensor: string; scale: number; zeroPoint: number }[] => {
    const sg = m.subgraphs[0]!;
    return sg.operators
      .map((op) => ({ op, operator: m.operatorCodes[op.opcodeIndex]!.builtin }))
      .filter(({ operator }) => operator !== 'QUANTIZE' && operator !== 'DEQUANTIZE')
      .map(({ op, operator }) => {
        const t = sg.tensors[op.outputs[0]!]!;
        return { operator, tensor: t.name, scale: t.quantization?.scale[0] ?? Number.NaN, zeroPoint: t.quantization?.zeroPoint[0] ?? 0 };
      });
  };
  const a = compute(ours);
  const b = compute(theirs);
  const rows: LayerScaleRow[] = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i]!.operator === b[i]!.operator; i++) {
    const x = a[i]!;
    const y = b[i]!;
    rows.push({ index: i, operator: x.operator, tensor: y.tensor, ours: { scale: x.scale, zeroPoint: x.zeroPoint }, theirs: { scale: y.scale, zeroPoint: y.zeroPoint }, scaleRatio: x.scale / y.scale });
  }
  return rows;
}

/** Compute operators of a model (QUANTIZE / DEQUANTIZE skipped), in execution order. */
const computeOps = (m: TfliteModel): TfliteModel['subgraphs'][number]['operators'] =>
  m.subgraphs[0]!.operators.filter((op) => !['QUANTIZE', 'DEQUANTIZE'].includes(m.operatorCodes[op.opcodeIndex]!.builtin));

/**
 * The activation ranges an int8 model of the same network implies (each tensor's [(−128 − zp)·s, (127 − zp)·s]),
 * by IR tensor name of the float model's import: operators are paired in execution order, QUANTIZE / DEQUANTIZE
 * skipped. Quantizing the float weights with these ranges isolates the quantizer from the calibration data.
 */
export function impliedRanges(quantized: TfliteModel, float: TfliteModel, tensorIndex: Readonly<Record<string, number>>): Map<string, { min: number; max: number }> {
  const qs = quantized.subgraphs[0]!;
  const range = (i: number): { min: number; max: number } | undefined => {
    const q = qs.tensors[i]?.quantization;
    return q ? { min: (-128 - q.zeroPoint[0]!) * q.scale[0]!, max: (127 - q.zeroPoint[0]!) * q.scale[0]! } : undefined;
  };
  const byFloatIndex = new Map<number, { min: number; max: number }>();
  const theirs = computeOps(quantized);
  computeOps(float).forEach((op, k) => {
    const r = theirs[k] ? range(theirs[k]!.outputs[0]!) : undefined;
    if (r) byFloatIndex.set(op.outputs[0]!, r);
  });
  const input = range(qs.inputs[0]!);
  if (input) byFloatIndex.set(float.subgraphs[0]!.inputs[0]!, input);
  const out = new Map<string, { min: number; max: number }>();
  for (const [name, i] of Object.entries(tensorIndex)) {
    const r = byFloatIndex.get(i);
    if (r) out.set(name, r);
  }
  return out;
}

/** How two int8 models' per-channel int8 weights agree, paired operator by operator in execution order. */
export interface ConstantsComparison {
  /** Output channels whose weight scales agree (within 1e-6 relative) in both files. */
  readonly channels: number;
  /** Output channels whose scales differ (e.g. the converter raised the scale so a large bias fits in int32). */
  readonly rescaledChannels: number;
  /** int8 weights in the agreeing channels, and how many of them are equal. */
  readonly weights: number;
  readonly weightsEqual: number;
  /** Largest |difference| of an int8 weight in the agreeing channels. */
  readonly weightsMaxDiff: number;
}

/** Compare the per-channel int8 weights of conv / depthwise / dense operators of two models of the same network. */
export function compareWeights(ours: TfliteModel, theirs: TfliteModel): ConstantsComparison {
  const r = { channels: 0, rescaledChannels: 0, weights: 0, weightsEqual: 0, weightsMaxDiff: 0 };
  const b = computeOps(theirs);
  computeOps(ours).forEach((op, k) => {
    const other = b[k];
    const name = ours.operatorCodes[op.opcodeIndex]!.builtin;
    if (!other || !['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(name)) return;
    const x = ours.subgraphs[0]!.tensors[op.inputs[1]!]!;
    const y = theirs.subgraphs[0]!.tensors[other.inputs[1]!]!;
    if (x.type !== 'INT8' || y.type !== 'INT8' || x.shape.join() !== y.shape.join() || !x.quantization || !y.quantization) return;
    const xs = new Int8Array(Uint8Array.from(ours.buffers[x.buffer]!).buffer);
    const ys = new Int8Array(Uint8Array.from(theirs.buffers[y.buffer]!).buffer);
    const dim = x.quantization.quantizedDimension;
    const channels = x.shape[dim]!;
    const inner = x.shape.slice(dim + 1).reduce((p, q) => p * q, 1);
    const scaleOf = (q: NonNullable<typeof x.quantization>, c: number): number => q.scale[q.scale.length === 1 ? 0 : c]!;
    const same = Array.from({ length: channels }, (_, c) => Math.abs(scaleOf(x.quantization!, c) / scaleOf(y.quantization!, c) - 1) < 1e-6);
    same.forEach((ok) => (ok ? r.channels++ : r.rescaledChannels++));
    xs.forEach((v, i) => {
      if (!same[Math.floor(i / inner) % channels]) return;
      const d = Math.abs(v - ys[i]!);
      r.weights++;
      if (d === 0) r.weightsEqual++;
      r.weightsMaxDiff = Math.max(r.weightsMaxDiff, d);
    });
  });
  return r;
}
