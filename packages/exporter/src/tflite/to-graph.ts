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
function translate(ctx: Ctx, op: TfliteOperator, builtin: string): { op: OpType; attrs: OpAttrs[OpType]; inputs: number[]; fused?: number; flattenInput?: boolean } {
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
    case 'RELU':
    case 'RELU6':
    case 'HARD_SWISH':
    case 'LOGISTIC': {
      const map: Record<string, OpType> = { RELU: 'relu', RELU6: 'relu6', HARD_SWISH: 'hardSwish', LOGISTIC: 'sigmoid' };
      return { op: map[builtin]!, inputs: [op.inputs[0]!], attrs: {} };
    }
    default:
      throw new TfliteImportError(`operator ${builtin} has no equivalent in the layer-graph IR (expected CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, pools, RESHAPE, SOFTMAX, ADD, MUL, CONCATENATION, MEAN, PAD or activations)`, 'model');
  }
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
  sg.operators.forEach((op, k) => {
    const code = model.operatorCodes[op.opcodeIndex]!;
    if (code.builtin === 'QUANTIZE' || code.builtin === 'DEQUANTIZE') {
      names.set(op.outputs[0]!, names.get(op.inputs[0]!)!); // a type conversion: same values, same layer shapes
      return;
    }
    const step = translate(ctx, op, code.builtin);
    const outIndex = op.outputs[0]!;
    const out = sg.tensors[outIndex]!;
    const layer = sanitize(out.name || `${code.builtin.toLowerCase()}_${k}`, outIndex);
    const inputs: string[] = step.inputs.map((i) => {
      const n = names.get(i);
      if (n === undefined) throw new TfliteImportError(`operator ${k} (${code.builtin}) reads tensor ${i} before anything writes it (expected operators in execution order)`, 'model');
      return n;
    });
    if (step.flattenInput) inputs[0] = g.flatten(inputs[0]!, `${layer}/flatten_input`);
    const act = step.fused !== undefined ? FUSED[step.fused] : undefined;
    if (step.fused !== undefined && step.fused !== 0 && !act) throw new TfliteImportError(`operator ${k} (${code.builtin}) has fused activation ${step.fused} (expected NONE, RELU or RELU6)`, 'model');
    let result = g.op(step.op, inputs, step.attrs as never, act ? `${layer}/pre_activation` : layer)[0]!;
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
