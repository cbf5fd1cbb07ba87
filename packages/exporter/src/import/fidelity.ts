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
