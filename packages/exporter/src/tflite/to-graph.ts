import { GraphBuilder, type DType, type LayerGraph, type OpAttrs, type OpType } from '@cnn-analyzer/arch-spec';
import { TfliteImportError } from './format-error.js';
import type { TfliteModel, TfliteOperator, TfliteSubgraph, TfliteTensor } from './model.js';

const DTYPES: Readonly<Record<string, DType>> = { FLOAT32: 'float32', INT8: 'int8', UINT8: 'uint8', INT16: 'int16', INT32: 'int32' };
const PADDING = ['same', 'valid'] as const;
/** ActivationFunctionType → the IR op appended after the fused op. */
const FUSED: Readonly<Record<number, OpType | undefined>> = { 0: undefined, 1: 'relu', 3: 'relu6' };

/** The IR graph of a .tflite subgraph, with each IR tensor's .tflite tensor (for quantization and dtypes). */
export interface ImportedGraph {
  readonly graph: LayerGraph;
  /** IR tensor name → .tflite tensor index. */
  readonly tensorIndex: Readonly<Record<string, number>>;
}

interface Ctx {
  readonly g: GraphBuilder;
  readonly sg: TfliteSubgraph;
  readonly model: TfliteModel;
  readonly names: Map<number, string>;
}

const noBatch = (t: TfliteTensor): number[] => t.shape.slice(1);

function int32Data(ctx: Ctx, index: number, what: string): number[] {
  const t = ctx.sg.tensors[index];
  const data = t ? ctx.model.buffers[t.buffer] : undefined;
  if (!t || !data || data.length === 0 || t.type !== 'INT32') throw new TfliteImportError(`${what} is not a constant int32 tensor (expected constant ${what})`, 'model');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}

/** IR op type and attributes of one .tflite operator, and which of its inputs are activations. */
interface Step {
  op: OpType;
  attrs: OpAttrs[OpType];
  inputs: number[];
  fused?: number;
  flattenInput?: boolean;
}

function translate(ctx: Ctx, op: TfliteOperator, builtin: string): Step {
  const t = (i: number): TfliteTensor => ctx.sg.tensors[op.inputs[i]!]!;
  const o = op.options as Record<string, number>;
  const out = ctx.sg.tensors[op.outputs[0]!]!;
  switch (builtin) {
    case 'CONV_2D': {
      const [filters, kh, kw, cinPerGroup] = t(1).shape as [number, number, number, number];
      return { op: 'conv2d', inputs: [op.inputs[0]!], fused: o.fused_activation_function, attrs: { filters, kernelSize: [kh, kw], strides: [o.stride_h!, o.stride_w!], padding: PADDING[o.padding!]!, groups: t(0).shape[3]! / cinPerGroup, useBias: (op.inputs[2] ?? -1) >= 0 } };
    }
    case 'DEPTHWISE_CONV_2D': {
      const [, kh, kw] = t(1).shape as [number, number, number, number];
      return { op: 'depthwiseConv2d', inputs: [op.inputs[0]!], fused: o.fused_activation_function, attrs: { kernelSize: [kh, kw], strides: [o.stride_h!, o.stride_w!], padding: PADDING[o.padding!]!, depthMultiplier: out.shape[3]! / t(0).shape[3]!, useBias: (op.inputs[2] ?? -1) >= 0 } };
    }
    case 'FULLY_CONNECTED':
      // Without keep_num_dims TFLite flattens the input to [batch, features] first.
      return { op: 'dense', inputs: [op.inputs[0]!], fused: o.fused_activation_function, flattenInput: !o.keep_num_dims && t(0).shape.length > 2, attrs: { units: t(1).shape[0]!, useBias: (op.inputs[2] ?? -1) >= 0 } };
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
      return { op: builtin === 'MAX_POOL_2D' ? 'maxPool' : 'averagePool', inputs: [op.inputs[0]!], fused: o.fused_activation_function, attrs: { poolSize: [o.filter_height!, o.filter_width!], strides: [o.stride_h!, o.stride_w!], padding: PADDING[o.padding!]! } };
    case 'RESHAPE':
    case 'SQUEEZE':
      return { op: 'reshape', inputs: [op.inputs[0]!], attrs: { targetShape: noBatch(out) } };
    case 'SOFTMAX':
      return { op: 'softmax', inputs: [op.inputs[0]!], attrs: { axis: -1 } };
    case 'ADD':
    case 'MUL':
      return { op: builtin === 'ADD' ? 'add' : 'multiply', inputs: [...op.inputs], fused: o.fused_activation_function, attrs: {} };
    case 'CONCATENATION':
      return { op: 'concat', inputs: [...op.inputs], fused: o.fused_activation_function, attrs: { axis: o.axis! > 0 ? o.axis! - 1 : o.axis! } };
    case 'MEAN': {
      const axes = int32Data(ctx, op.inputs[1]!, 'MEAN axes');
      if (axes.join() !== '1,2') throw new TfliteImportError(`MEAN over axes [${axes}] has no IR equivalent (expected MEAN over axes [1, 2])`, 'model');
      return { op: 'globalAveragePool', inputs: [op.inputs[0]!], attrs: { keepDims: out.shape.length === 4 } };
    }
    case 'PAD': {
      const p = int32Data(ctx, op.inputs[1]!, 'PAD paddings');
      return { op: 'zeroPadding', inputs: [op.inputs[0]!], attrs: { padding: [[p[2]!, p[3]!], [p[4]!, p[5]!]] } };
    }
    case 'SPLIT': {
      const [axis] = int32Data(ctx, op.inputs[0]!, 'SPLIT axis');
      const rank = t(1).shape.length;
      if (axis !== rank - 1 && axis !== -1) throw new TfliteImportError(`SPLIT along axis ${axis} has no IR equivalent (expected a split of the channel axis ${rank - 1})`, 'model');
      return { op: 'channelSplit', inputs: [op.inputs[1]!], attrs: { parts: o.num_splits! } };
    }
    case 'RELU':
    case 'RELU6':
    case 'HARD_SWISH':
    case 'LOGISTIC': {
      const map: Record<string, OpType> = { RELU: 'relu', RELU6: 'relu6', HARD_SWISH: 'hardSwish', LOGISTIC: 'sigmoid' };
      return { op: map[builtin]!, inputs: [op.inputs[0]!], attrs: {} };
    }
    default:
      throw new TfliteImportError(`operator ${builtin} has no equivalent in the layer-graph IR (expected CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, pools, RESHAPE, SOFTMAX, ADD, MUL, CONCATENATION, SPLIT, MEAN, PAD, activations, or RESHAPE → TRANSPOSE → RESHAPE as a channel shuffle)`, 'model');
  }
}

const builtinOf = (ctx: Ctx, k: number): string => ctx.model.operatorCodes[ctx.sg.operators[k]!.opcodeIndex]?.builtin ?? '';
const isConstant = (ctx: Ctx, i: number): boolean => (ctx.model.buffers[ctx.sg.tensors[i]?.buffer ?? 0]?.length ?? 0) > 0;

/** The only operator reading tensor `i`, if exactly one does. */
function soleConsumer(ctx: Ctx, i: number): number | undefined {
  const readers = ctx.sg.operators.flatMap((o, k) => (o.inputs.includes(i) ? [k] : []));
  return readers.length === 1 && !ctx.sg.outputs.includes(i) ? readers[0] : undefined;
}

/** Dequantized value of a one-element int8 constant. */
function scalarValue(ctx: Ctx, i: number): number | undefined {
  const t = ctx.sg.tensors[i]!;
  const data = ctx.model.buffers[t.buffer];
  if (!data || data.length !== 1 || t.type !== 'INT8' || !t.quantization) return undefined;
  return t.quantization.scale[0]! * (new Int8Array(data.buffer, data.byteOffset, 1)[0]! - (t.quantization.zeroPoint[0] ?? 0));
}

/**
 * Operator chains our exporter writes for one IR op: RESHAPE → TRANSPOSE (swap of the last two
 * axes) → RESHAPE back is a channel shuffle; ADD(x, 3) → RELU6 → MUL(·, 1/6) is a hard-sigmoid.
 * Found through the tensors' readers, so they need not be adjacent (optimal operator orders).
 */
function foldPattern(ctx: Ctx, k: number): { op: OpType; attrs: OpAttrs[OpType]; inputs: number[]; output: number; folded: number[] } | undefined {
  const op = ctx.sg.operators[k]!;
  const builtin = builtinOf(ctx, k);
  if (builtin === 'RESHAPE') {
    const t = soleConsumer(ctx, op.outputs[0]!);
    if (t === undefined || builtinOf(ctx, t) !== 'TRANSPOSE') return undefined;
    const transpose = ctx.sg.operators[t]!;
    const grouped = ctx.sg.tensors[op.outputs[0]!]!.shape;
    const perm = int32Data(ctx, transpose.inputs[1]!, 'TRANSPOSE permutation');
    const swap = [...grouped.slice(0, -2).map((_, i) => i), grouped.length - 1, grouped.length - 2];
    const r = soleConsumer(ctx, transpose.outputs[0]!);
    if (perm.join() !== swap.join() || r === undefined || builtinOf(ctx, r) !== 'RESHAPE') return undefined;
    const back = ctx.sg.operators[r]!;
    if (ctx.sg.tensors[back.outputs[0]!]!.shape.join() !== ctx.sg.tensors[op.inputs[0]!]!.shape.join()) return undefined;
    return { op: 'channelShuffle', attrs: { groups: grouped.at(-2)! }, inputs: [op.inputs[0]!], output: back.outputs[0]!, folded: [t, r] };
  }
  if (builtin === 'ADD' && op.inputs.length === 2 && isConstant(ctx, op.inputs[1]!) && !isConstant(ctx, op.inputs[0]!)) {
    const three = scalarValue(ctx, op.inputs[1]!);
    const relu = soleConsumer(ctx, op.outputs[0]!);
    if (three === undefined || Math.abs(three - 3) > 0.05 || relu === undefined || builtinOf(ctx, relu) !== 'RELU6') return undefined;
    const mul = soleConsumer(ctx, ctx.sg.operators[relu]!.outputs[0]!);
    const m = mul === undefined ? undefined : ctx.sg.operators[mul]!;
    if (!m || builtinOf(ctx, mul!) !== 'MUL' || !isConstant(ctx, m.inputs[1]!)) return undefined;
    const sixth = scalarValue(ctx, m.inputs[1]!);
    if (sixth === undefined || Math.abs(sixth - 1 / 6) > 0.01) return undefined;
    return { op: 'hardSigmoid', attrs: {}, inputs: [op.inputs[0]!], output: m.outputs[0]!, folded: [relu, mul!] };
  }
  return undefined;
}

/** Fail with a typed error unless every tensor and opcode index the subgraph uses exists and weights have their rank. */
function checkReferences(model: TfliteModel, sg: TfliteSubgraph): void {
  const n = sg.tensors.length;
  const bad = (i: number): boolean => !Number.isInteger(i) || i < -1 || i >= n;
  for (const i of [...sg.inputs, ...sg.outputs]) {
    if (bad(i) || i < 0) throw new TfliteImportError(`subgraph input/output ${i} is not a tensor index (expected a tensor index below ${n})`, 'model');
  }
  sg.operators.forEach((op, k) => {
    if (op.outputs.length === 0 || [...op.inputs, ...op.outputs].some(bad) || op.outputs.some((i) => i < 0) || op.inputs[0] === -1) {
      throw new TfliteImportError(`operator ${k} refers to a tensor that does not exist (expected tensor indices below ${n})`, 'model');
    }
    const code = model.operatorCodes[op.opcodeIndex];
    if (!code) throw new TfliteImportError(`operator ${k} uses opcode ${op.opcodeIndex}, which does not exist (expected an opcode index below ${model.operatorCodes.length})`, 'model');
    const rank = { CONV_2D: 4, DEPTHWISE_CONV_2D: 4, FULLY_CONNECTED: 2 }[code.builtin];
    const weights = op.inputs[1] !== undefined && op.inputs[1] >= 0 ? sg.tensors[op.inputs[1]] : undefined;
    if (rank !== undefined && weights?.shape.length !== rank) {
      throw new TfliteImportError(`operator ${k} (${code.builtin}) has weights of shape [${weights?.shape ?? ''}] (expected rank-${rank} weights)`, 'model');
    }
  });
}

const sanitize = (name: string, index: number): string => (name.replace(/[^\w./:-]/g, '_') || 'tensor') + `#${index}`;

/**
 * Map a .tflite model's first subgraph to the layer-graph IR: fused activations become their own
 * layers (so MACs and params stay those of the conv/dense), batch axes are dropped, and every
 * shape the IR's rules infer is checked against the shape stored in the file.
 */
export function tfliteToGraph(model: TfliteModel, name = 'imported'): ImportedGraph {
  const sg = model.subgraphs[0]!;
  checkReferences(model, sg);
  const g = new GraphBuilder(name);
  const names = new Map<number, string>();
  const fusedInto = new Map<string, number>();
  const ctx: Ctx = { g, sg, model, names };
  for (const i of sg.inputs) {
    const t = sg.tensors[i]!;
    names.set(i, g.input(noBatch(t), sanitize(t.name, i)));
  }
  const folded = new Set<number>();
  sg.operators.forEach((op, k) => {
    if (folded.has(k)) return;
    const code = model.operatorCodes[op.opcodeIndex]!;
    if (code.builtin === 'QUANTIZE' || code.builtin === 'DEQUANTIZE') {
      names.set(op.outputs[0]!, names.get(op.inputs[0]!)!); // a type conversion: same values, same layer shapes
      return;
    }
    const pattern = foldPattern(ctx, k);
    pattern?.folded.forEach((j) => folded.add(j));
    const step: Step = pattern ?? translate(ctx, op, code.builtin);
    const outIndex = pattern?.output ?? op.outputs[0]!;
    const out = sg.tensors[outIndex]!;
    const layer = sanitize(out.name || `${code.builtin.toLowerCase()}_${k}`, outIndex);
    const inputs: string[] = step.inputs.map((i) => {
      const n = names.get(i);
      if (n === undefined && (model.buffers[sg.tensors[i]!.buffer]?.length ?? 0) > 0) {
        throw new TfliteImportError(`operator ${k} (${code.builtin}) has constant input tensor ${i} (expected activations; a constant is read only as ADD(x, 3) → RELU6 → MUL(·, 1/6), the export of hard-sigmoid)`, 'model');
      }
      if (n === undefined) throw new TfliteImportError(`operator ${k} (${code.builtin}) reads tensor ${i} before anything writes it (expected operators in execution order)`, 'model');
      return n;
    });
    if (step.flattenInput) inputs[0] = g.flatten(inputs[0]!, `${layer}/flatten_input`);
    const act = step.fused !== undefined ? FUSED[step.fused] : undefined;
    if (step.fused !== undefined && step.fused !== 0 && !act) throw new TfliteImportError(`operator ${k} (${code.builtin}) has fused activation ${step.fused} (expected NONE, RELU or RELU6)`, 'model');
    const results = g.op(step.op, inputs, step.attrs as never, act ? `${layer}/pre_activation` : layer);
    if (results.length > 1) {
      // a multi-output op (SPLIT): every output gets its IR tensor, shapes checked one by one
      results.forEach((r, j) => {
        const fileShape = noBatch(sg.tensors[op.outputs[j]!]!);
        if (g.shape(r).join('x') !== fileShape.join('x')) throw new TfliteImportError(`operator ${k} (${code.builtin}) output ${j} is [${fileShape}] in the file but [${g.shape(r)}] by the IR's shape rule (expected consistent shapes)`, 'model');
        names.set(op.outputs[j]!, r);
      });
      return;
    }
    let result = results[0]!;
    if (act) {
      fusedInto.set(result, outIndex); // the pre-activation values share the output's type and buffer in the file
      result = g.op(act, [result], {}, layer)[0]!;
    }
    const inferred = g.shape(result);
    if (inferred.join('x') !== noBatch(out).join('x')) {
      throw new TfliteImportError(`operator ${k} (${code.builtin}) gives [${noBatch(out)}] in the file but [${inferred}] by the IR's shape rule (expected consistent shapes)`, 'model');
    }
    names.set(outIndex, result);
  });
  const graph = g.build(sg.outputs.map((i) => names.get(i)!));
  const tensorIndex: Record<string, number> = {};
  for (const [i, n] of names) tensorIndex[n] ??= i;
  for (const [n, i] of fusedInto) tensorIndex[n] = i;
  return { graph: withDtypes(graph, sg, tensorIndex), tensorIndex };
}

/** Give each IR tensor the dtype of its .tflite tensor (the builder records float32). */
function withDtypes(graph: LayerGraph, sg: TfliteSubgraph, tensorIndex: Record<string, number>): LayerGraph {
  const tensors = Object.fromEntries(
    Object.entries(graph.tensors).map(([n, t]) => {
      const source = tensorIndex[n] !== undefined ? sg.tensors[tensorIndex[n]!] : undefined;
      return [n, { ...t, dtype: (source && DTYPES[source.type]) ?? t.dtype }];
    }),
  );
  return { ...graph, tensors };
}
