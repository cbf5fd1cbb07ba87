import { CnnAnalyzerError, type AnyOpNode, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { inOrder, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';
import { optionsOf } from '../quantize/emit-ops.js';
import { EXPORT_DESCRIPTION, VERSIONS } from '../quantize/model-assembler.js';
import { OFFLINE_PLAN_METADATA } from '../tflite/tflm-description.js';
import { ENUMS } from '../tflite/generated/schema.js';
import type { TfliteTarget } from '../tflite/tflm-target.js';
import { TENSOR_TYPE_CODES, type LayoutModel, type LayoutOperator, type LayoutQuantization, type LayoutTensor } from './layout-model.js';

/** Which file of a deployed graph: what `export` / `deploy` write, described by their options. */
export interface ModelFileOptions {
  /** `tflm`: the conv and depthwise biases' quantization parameters left out (`--target tflm`). @default 'tflite' */
  readonly target?: TfliteTarget;
  /** With TFLM's `OfflineMemoryAllocation` metadata entry (`--memory-plan offline`). @default false */
  readonly offlinePlan?: boolean;
  /** Operators in this order (deployed operator names, e.g. the planner's `--order optimal`). @default the graph's */
  readonly operatorOrder?: readonly string[];
}

const INT8 = TENSOR_TYPE_CODES.INT8!;
const INT32 = TENSOR_TYPE_CODES.INT32!;
const FLOAT32 = TENSOR_TYPE_CODES.FLOAT32!;
const BIAS_PARAMS_UNREAD = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D']);
/** Per-tensor parameters on axis 0 (one object: layouts are read, never changed). */
const PER_TENSOR: LayoutQuantization = Object.freeze({ scales: 1, zeroPoints: 1, min: 0, max: 0, quantizedDimension: 0 });
const perChannel = (n: number, qd: number): LayoutQuantization => ({ scales: n, zeroPoints: n, min: 0, max: 0, quantizedDimension: qd });
const builtinCodeOf = (builtin: string): number => (ENUMS.BuiltinOperator as Record<string, number>)[builtin]!;
const elements = (shape: readonly number[]): number => {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
};

/** IR layers by name, once per graph. */
const nodesOf = new WeakMap<LayerGraph, Map<string, AnyOpNode>>();

/**
 * The layout of the file the exporter writes for a deployed graph (`assembleDeployed`, then `forTarget` and
 * `withOfflinePlan` as `export` applies them), built from the deployed graph alone: the same tensors in the same
 * order (each operator's inputs, weights and bias, then outputs, on first use), the same buffers, operator codes and
 * options — no weights, no calibration.
 */
export function deployedLayout(graph: LayerGraph, deployed: DeployedGraph, options: ModelFileOptions = {}): LayoutModel {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new CnnAnalyzerError(`${graph.name}: only single-input, single-output models can be exported (got ${graph.inputs.length} in, ${graph.outputs.length} out)`, 'graph', graph.name);
  }
  let nodes = nodesOf.get(graph);
  if (!nodes) {
    nodes = new Map(graph.nodes.map((n) => [n.name, n]));
    nodesOf.set(graph, nodes);
  }
  const byName = nodes;
  const ctx = { deployed, node: (op: DeployedOp): AnyOpNode => byName.get(op.source)! };
  const tflm = options.target === 'tflm';
  const tensors: LayoutTensor[] = [];
  const buffers: number[] = [0];
  const index = new Map<string, number>();
  const codes: { builtin: string; builtinCode: number; version: number }[] = [];
  const codeIndex = new Map<string, number>();
  const operators: LayoutOperator[] = [];
  const add = (id: string, rank: number, type: number, buffer: number, quantization: LayoutQuantization | undefined): number => {
    const i = tensors.length;
    tensors.push(quantization ? { name: id, rank, type, buffer, isVariable: false, quantization } : { name: id, rank, type, buffer, isVariable: false });
    index.set(id, i);
    return i;
  };
  const constant = (id: string, bytes: number, rank: number, type: number, quantization?: LayoutQuantization): number => {
    buffers.push(bytes);
    return add(id, rank, type, buffers.length - 1, quantization);
  };
  const tensor = (id: string): number => {
    const existing = index.get(id);
    if (existing !== undefined) return existing;
    const t = deployed.tensors[id]!;
    if (t.kind === 'activation') {
      const float = t.dtype === 'float32';
      return add(id, t.shape.length + 1, float ? FLOAT32 : INT8, 0, float ? undefined : PER_TENSOR);
    }
    if (t.role === 'int32') return constant(id, 4 * t.values!.length, t.shape.length, INT32);
    if (t.role === 'scalar') return constant(id, 1, t.shape.length, INT8, PER_TENSOR);
    throw new Error(`tensor ${JSON.stringify(id)}: weights and biases are emitted with their operator`);
  };
  const ops = options.operatorOrder ? inOrder(deployed, options.operatorOrder).ops : deployed.ops;
  for (const op of ops) {
    let inputs: number[];
    if (op.weights) {
      const [wId, bId] = [op.inputs[1]!, op.inputs[2]!];
      const wt = deployed.tensors[wId]!;
      const count = op.weights.outCount;
      const input = tensor(op.inputs[0]!);
      const weights = constant(wId, elements(wt.shape), wt.shape.length, INT8, perChannel(wt.quantChannels ?? 1, wt.quantAxis ?? 0));
      const dense = op.builtin === 'FULLY_CONNECTED';
      const biasQuant = tflm && BIAS_PARAMS_UNREAD.has(op.builtin) ? undefined : perChannel(dense ? 1 : count, 0);
      const bias = constant(bId, 4 * count, 1, INT32, biasQuant);
      inputs = [input, weights, bias];
    } else inputs = op.inputs.map(tensor);
    const outputs = op.outputs.map(tensor);
    let code = codeIndex.get(op.builtin);
    if (code === undefined) {
      code = codes.length;
      codes.push({ builtin: op.builtin, builtinCode: builtinCodeOf(op.builtin), version: VERSIONS[op.builtin] ?? 1 });
      codeIndex.set(op.builtin, code);
    }
    const [optionsType, opts] = optionsOf(op, ctx);
    operators.push({ opcodeIndex: code, inputs, outputs, optionsType, options: opts });
  }
  const metadata = options.offlinePlan ? [{ name: OFFLINE_PLAN_METADATA, buffer: buffers.length }] : [];
  if (options.offlinePlan) buffers.push(12 + 4 * tensors.length);
  return {
    version: 3,
    description: EXPORT_DESCRIPTION,
    operatorCodes: codes,
    subgraphs: [{ name: graph.name, tensors, inputs: deployed.inputs.length, outputs: deployed.outputs.length, operators }],
    buffers,
    metadata,
  };
}
