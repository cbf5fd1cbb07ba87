import { dtypeBytes, elementCount, type LayerGraph, type OpType } from '@cnn-analyzer/arch-spec';
import type { KernelGeometry, PlanGraph, PlanOp, PlanTensor } from './plan-graph.js';
import type { AnyOpNode } from '@cnn-analyzer/arch-spec';

/** Ops into which TFLite's converter folds a following BatchNorm and fuses a ReLU/ReLU6 (ADD takes a ReLU too). */
const HOSTS: ReadonlySet<OpType> = new Set(['conv2d', 'depthwiseConv2d', 'dense']);
/** Ops that only reinterpret their input's bytes: their output shares the input's buffer. */
const ALIASES: ReadonlySet<OpType> = new Set(['reshape', 'flatten', 'dropout']);

export interface DeploymentViewOptions {
  /**
   * Bytes per activation element: `'int8'` (1 byte, the deployed model; default) or `'dtype'`
   * (each tensor's own dtype, for graphs imported from a real .tflite file).
   */
  readonly activations?: 'int8' | 'dtype';
}

/**
 * The operators as an int8 TFLite model runs them: BatchNorm folded into the preceding conv /
 * depthwise / dense and ReLU/ReLU6 fused into it or into an ADD (when that output has no other consumer),
 * dropout, reshape and flatten aliasing their input (no bytes of their own).
 */
export function deploymentView(graph: LayerGraph, options: DeploymentViewOptions = {}): PlanGraph {
  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const t of n.inputs) consumers.set(t, (consumers.get(t) ?? 0) + 1);
  for (const t of graph.outputs) consumers.set(t, (consumers.get(t) ?? 0) + 1);

  const buffer = new Map<string, string>(); // tensor → buffer id
  const bufferOf = (t: string): string => buffer.get(t) ?? t;
  const ops: { name: string; type: string; inputs: string[]; outputs: string[]; fused: Set<string>; kernel?: KernelGeometry }[] = [];
  const producer = new Map<string, (typeof ops)[number]>(); // buffer id → deployed op

  for (const node of graph.nodes) {
    const input = node.inputs[0] !== undefined ? bufferOf(node.inputs[0]) : undefined;
    const host = input !== undefined ? producer.get(input) : undefined;
    const soleUse = node.inputs[0] !== undefined && consumers.get(node.inputs[0]) === 1;
    if (ALIASES.has(node.op)) {
      buffer.set(node.outputs[0]!, input!);
      continue;
    }
    const foldsBn = node.op === 'batchNorm' && !host?.fused.has('activation') && !host?.fused.has('batchNorm');
    const fusesAct = (node.op === 'relu' || node.op === 'relu6') && !host?.fused.has('activation');
    const hostOp = host?.type.split('+')[0] as OpType | undefined;
    const canHost = hostOp !== undefined && (HOSTS.has(hostOp) || (hostOp === 'add' && fusesAct));
    if (host && soleUse && canHost && (foldsBn || fusesAct)) {
      host.type += `+${node.op}`;
      host.fused.add(node.op === 'batchNorm' ? 'batchNorm' : 'activation');
      buffer.set(node.outputs[0]!, input!);
      continue;
    }
    const op = { name: node.name, type: node.op, inputs: node.inputs.map(bufferOf), outputs: [...node.outputs], fused: new Set<string>(), ...geometry(graph, node) };
    ops.push(op);
    for (const t of node.outputs) producer.set(t, op);
  }

  const bytesOf = (t: string): number => {
    const info = graph.tensors[t]!;
    return elementCount(info.shape) * (options.activations === 'dtype' ? dtypeBytes(info.dtype) : 1);
  };
  const used = new Set([...graph.inputs, ...ops.flatMap((o) => [...o.inputs, ...o.outputs])]);
  const tensors: Record<string, PlanTensor> = {};
  for (const id of used) tensors[id] = { id, bytes: bytesOf(id) };
  const planOps: PlanOp[] = ops.map(({ name, type, inputs, outputs, kernel }) => ({ name, type, inputs, outputs, ...(kernel ? { kernel } : {}) }));
  return { name: graph.name, tensors, ops: planOps, inputs: [...graph.inputs], outputs: graph.outputs.map(bufferOf) };
}

/** Window geometry of a conv / depthwise node, for kernel buffer sizes. */
function geometry(graph: LayerGraph, node: AnyOpNode): { kernel?: KernelGeometry } {
  if (node.op !== 'conv2d' && node.op !== 'depthwiseConv2d') return {};
  const input = graph.tensors[node.inputs[0]!]!.shape;
  const output = graph.tensors[node.outputs[0]!]!.shape;
  const a = node.attrs;
  return {
    kernel: { op: node.op, kh: a.kernelSize[0], kw: a.kernelSize[1], cin: input[2]!, cout: output[2]!, strides: a.strides, padding: a.padding, inputHW: [input[0]!, input[1]!] },
  };
}
