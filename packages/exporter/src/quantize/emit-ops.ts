import type { AnyOpNode } from '@cnn-analyzer/arch-spec';
import type { DeployedGraph, DeployedOp, TfliteBuiltin } from '@cnn-analyzer/deployed-graph';
import type { TfliteOptions } from '../tflite/model.js';
import type { ModelAssembler } from './model-assembler.js';
import type { FoldedWeights } from './fold-weights.js';
import { quantizeBias, quantizeSymmetric, type ActivationParams } from './qparams.js';

/** What emitting one operator needs: the assembler, tensor indices by deployed id, parameters and weights. */
export interface EmitContext {
  readonly m: ModelAssembler;
  readonly deployed: DeployedGraph;
  readonly index: Map<string, number>;
  readonly params: ReadonlyMap<string, ActivationParams>;
  /** The IR layer an operator implements. */
  node(op: DeployedOp): AnyOpNode;
  /** Folded float weights of a MAC operator. */
  weights(op: DeployedOp): FoldedWeights;
  /**
   * Only the file's size matters: weight and bias buffers are written as stand-ins whose length is the real length
   * modulo 16 (16 for a multiple of 16), so every alignment pad of the flatbuffer falls as in the real file; the bytes
   * left out are counted in `skipped`.
   */
  readonly layoutOnly?: { skipped: number };
}

/** Length of a stand-in buffer with the same alignment behaviour as `n` bytes. */
export function standInLength(n: number): number {
  return n === 0 ? 0 : n % 16 === 0 ? 16 : n % 16;
}

const PADDING = { same: 0, valid: 1 } as const;
const ACTIVATION = { NONE: 0, RELU: 1, RELU6: 3 } as const;
const withBatch = (s: readonly number[]): number[] => [1, ...s];

/** Index of a deployed activation or parameter constant, added on first use. */
function tensor(ctx: EmitContext, id: string): number {
  const existing = ctx.index.get(id);
  if (existing !== undefined) return existing;
  const t = ctx.deployed.tensors[id]!;
  let i: number;
  if (t.kind === 'activation') i = ctx.m.activation(id, withBatch(t.shape), t.dtype === 'float32' ? 'FLOAT32' : 'INT8', t.dtype === 'float32' ? undefined : ctx.params.get(id));
  else if (t.role === 'int32') i = ctx.m.int32(id, t.values!, t.shape);
  else if (t.role === 'scalar') i = ctx.m.constant(id, t.shape, 'INT8', Int8Array.of(127), { scale: [t.value! / 127], zeroPoint: [0], quantizedDimension: 0 });
  else throw new Error(`tensor ${JSON.stringify(id)}: weights and biases are emitted with their operator`);
  ctx.index.set(id, i);
  return i;
}

/** Per-channel (conv, depthwise) or per-tensor (dense) int8 weights in TFLite layout and the int32 bias of a MAC operator. */
function weightTensors(ctx: EmitContext, op: DeployedOp): [number, number] {
  if (ctx.layoutOnly) return layoutWeightTensors(ctx, op, ctx.layoutOnly);
  const w = ctx.weights(op);
  const [wId, bId] = [op.inputs[1]!, op.inputs[2]!];
  const inputScale = ctx.params.get(op.inputs[0]!)!.scale;
  const { outStart, outCount: count } = op.weights!;
  const cout = w.bias.length;
  const fileShape = ctx.deployed.tensors[wId]!.shape;
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);
  let q: { values: Int8Array; scales: number[] };
  let quantizedDimension = 0;
  const fit = { bias: w.bias.subarray(outStart, outStart + count), inputScale };
  if (op.builtin === 'DEPTHWISE_CONV_2D') {
    q = quantizeSymmetric(w.kernel, cout, (i) => i % cout, fit);
    quantizedDimension = 3;
  } else {
    // conv [kh, kw, cin, cout] → OHWI; dense [in, out] → [out, in]
    const inner = w.kernel.length / cout; // kh·kw·cin, or in
    const ohwi = new Float32Array(count * inner);
    for (let o = 0; o < count; o++) for (let k = 0; k < inner; k++) ohwi[o * inner + k] = w.kernel[k * cout + outStart + o]!;
    const perChannel = op.builtin === 'CONV_2D';
    q = quantizeSymmetric(ohwi, perChannel ? count : 1, (i) => (perChannel ? Math.floor(i / inner) : 0), fit);
  }
  const b = quantizeBias(w.bias.slice(outStart, outStart + count), inputScale, q.scales);
  const weights = ctx.m.constant(wId, fileShape, 'INT8', q.values, { scale: q.scales, zeroPoint: zeros(q.scales.length), quantizedDimension });
  // A per-tensor filter needs a per-tensor bias scale: TFLite reads the single legacy scale only then.
  const perTensor = op.builtin === 'FULLY_CONNECTED';
  const bias = ctx.m.constant(bId, [count], 'INT32', b.values, perTensor ? { scale: [b.scales[0]!], zeroPoint: [0], quantizedDimension: 0 } : { scale: b.scales, zeroPoint: zeros(b.scales.length), quantizedDimension: 0 });
  ctx.index.set(wId, weights);
  ctx.index.set(bId, bias);
  return [weights, bias];
}

/** {@link weightTensors} for the file's layout only: stand-in data, scales of the right count. */
function layoutWeightTensors(ctx: EmitContext, op: DeployedOp, layout: { skipped: number }): [number, number] {
  const [wId, bId] = [op.inputs[1]!, op.inputs[2]!];
  const wt = ctx.deployed.tensors[wId]!;
  const count = op.weights!.outCount;
  const channels = wt.quantChannels ?? 1;
  const standIn = (bytes: number): Uint8Array => {
    layout.skipped += bytes - standInLength(bytes);
    return new Uint8Array(standInLength(bytes));
  };
  const quant = (n: number, quantizedDimension: number): { scale: number[]; zeroPoint: number[]; quantizedDimension: number } => ({ scale: new Array<number>(n).fill(1), zeroPoint: new Array<number>(n).fill(0), quantizedDimension });
  const weights = ctx.m.constant(wId, wt.shape, 'INT8', standIn(wt.shape.reduce((a, b) => a * b, 1)), quant(channels, wt.quantAxis ?? 0));
  const bias = ctx.m.constant(bId, [count], 'INT32', standIn(4 * count), quant(op.builtin === 'FULLY_CONNECTED' ? 1 : count, 0));
  ctx.index.set(wId, weights);
  ctx.index.set(bId, bias);
  return [weights, bias];
}

type Options = readonly [optionsType: string, options: TfliteOptions] | undefined;
type OptionsOf = (op: DeployedOp, ctx: Pick<EmitContext, 'deployed' | 'node'>) => Options;

const conv = (op: DeployedOp): TfliteOptions => {
  const w = op.window!;
  return { padding: PADDING[w.padding], stride_w: w.strides[1], stride_h: w.strides[0], fused_activation_function: ACTIVATION[op.activation], dilation_w_factor: 1, dilation_h_factor: 1 };
};
const none: OptionsOf = () => undefined;
const pool: OptionsOf = (op) => {
  const w = op.window!;
  return ['Pool2DOptions', { padding: PADDING[w.padding], stride_w: w.strides[1], stride_h: w.strides[0], filter_width: w.size[1], filter_height: w.size[0], fused_activation_function: 0 }];
};

/** The builtin options of every TFLite operator the deployed graph uses: the compiler names any builtin left out. */
const OPTIONS: { readonly [B in TfliteBuiltin]: OptionsOf } = {
  CONV_2D: (op) => ['Conv2DOptions', conv(op)],
  DEPTHWISE_CONV_2D: (op, ctx) => {
    const node = ctx.node(op);
    const w = op.window!;
    const depth_multiplier = node.op === 'depthwiseConv2d' ? node.attrs.depthMultiplier : 1;
    return ['DepthwiseConv2DOptions', { padding: PADDING[w.padding], stride_w: w.strides[1], stride_h: w.strides[0], fused_activation_function: ACTIVATION[op.activation], dilation_w_factor: 1, dilation_h_factor: 1, depth_multiplier }];
  },
  FULLY_CONNECTED: (op, ctx) => ['FullyConnectedOptions', { fused_activation_function: ACTIVATION[op.activation], keep_num_dims: ctx.deployed.tensors[op.inputs[0]!]!.shape.length > 1 ? 1 : 0 }],
  AVERAGE_POOL_2D: pool,
  MAX_POOL_2D: pool,
  MEAN: (op, ctx) => {
    const node = ctx.node(op);
    return ['ReducerOptions', { keep_dims: node.op === 'globalAveragePool' && node.attrs.keepDims ? 1 : 0 }];
  },
  RESHAPE: (op, ctx) => ['ReshapeOptions', { new_shape: withBatch(ctx.deployed.tensors[op.outputs[0]!]!.shape) }],
  SOFTMAX: () => ['SoftmaxOptions', { beta: 1 }],
  ADD: (op) => ['AddOptions', { fused_activation_function: ACTIVATION[op.activation] }],
  MUL: () => ['MulOptions', { fused_activation_function: 0 }],
  CONCATENATION: (op, ctx) => {
    const node = ctx.node(op);
    const rank = ctx.deployed.tensors[op.outputs[0]!]!.shape.length;
    const axis = node.op === 'concat' ? (node.attrs.axis < 0 ? node.attrs.axis + rank + 1 : node.attrs.axis + 1) : rank;
    return ['ConcatenationOptions', { axis, fused_activation_function: 0 }];
  },
  PAD: () => ['PadOptions', {}],
  HARD_SWISH: none,
  LOGISTIC: none,
  RELU: none,
  RELU6: none,
  SPLIT: (op) => ['SplitOptions', { num_splits: op.outputs.length }],
  TRANSPOSE: () => ['TransposeOptions', {}],
  QUANTIZE: none,
  DEQUANTIZE: none,
};

/** The builtin options table of a deployed operator as the exporter writes it (`NONE` for none). */
export function optionsOf(op: DeployedOp, ctx: Pick<EmitContext, 'deployed' | 'node'>): readonly [optionsType: string, options: TfliteOptions] {
  return OPTIONS[op.builtin](op, ctx) ?? NO_OPTIONS;
}

const NO_OPTIONS = ['NONE', {}] as const;

/** Emit one deployed operator as exactly one TFLite operator. */
export function emitOp(ctx: EmitContext, op: DeployedOp): void {
  const inputs = op.weights ? [tensor(ctx, op.inputs[0]!), ...weightTensors(ctx, op)] : op.inputs.map((t) => tensor(ctx, t));
  const outputs = op.outputs.map((t) => tensor(ctx, t));
  const options = OPTIONS[op.builtin](op, ctx);
  if (options) ctx.m.op(op.builtin, inputs, outputs, options[0], options[1]);
  else ctx.m.op(op.builtin, inputs, outputs);
}
