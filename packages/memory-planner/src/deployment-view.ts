import { dtypeBytes, elementCount, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';
import type { KernelGeometry, PlanGraph, PlanOp, PlanTensor } from './plan-graph.js';

export interface DeploymentViewOptions {
  /**
   * Bytes per activation element: `'int8'` (1 byte, the deployed model; default) or `'dtype'`
   * (each tensor's own dtype, for graphs imported from a real .tflite file).
   */
  readonly activations?: 'int8' | 'dtype';
}

/**
 * The operators as an int8 TFLite model runs them (the deployed graph: BatchNorm folded, ReLU/ReLU6 fused,
 * dropout gone, reshapes in place), over the activation buffers they read and write.
 */
export function deploymentView(graph: LayerGraph, options: DeploymentViewOptions = {}): PlanGraph {
  return planGraphOf(deployGraph(graph), options.activations === 'dtype' ? graph : undefined);
}

/**
 * The plan graph of a deployed graph: every operator, over buffers (a tensor sharing its input's bytes is that
 * buffer). With `dtypes`, an activation carrying an IR tensor takes that tensor's element size.
 */
export function planGraphOf(deployed: DeployedGraph, dtypes?: LayerGraph): PlanGraph {
  const all = deployed.tensors;
  const buffer = (id: string): string => all[id]?.aliasOf ?? id;
  const tensors: Record<string, PlanTensor> = {};
  for (const id in all) {
    const t = all[id]!;
    if (t.kind !== 'activation' || t.aliasOf !== undefined) continue;
    const ir = dtypes?.tensors[t.id];
    const size = ir ? dtypeBytes(ir.dtype) : t.dtype === 'float32' ? 4 : 1;
    tensors[t.id] = { id: t.id, bytes: elementCount(t.shape) * size };
  }
  const ops: PlanOp[] = deployed.ops.map((o) => {
    const inputs: string[] = [];
    for (const id of o.inputs) if (all[id]?.kind === 'activation') inputs.push(buffer(id));
    const outputs = o.outputs.map(buffer);
    const kernel = geometry(deployed, o);
    return kernel ? { name: o.name, type: o.builtin, inputs, outputs, kernel } : { name: o.name, type: o.builtin, inputs, outputs };
  });
  return { name: deployed.name, tensors, ops, inputs: deployed.inputs.map(buffer), outputs: deployed.outputs.map(buffer) };
}

/** Window geometry of a conv / depthwise operator, for kernel buffer sizes. */
function geometry(deployed: DeployedGraph, op: DeployedOp): KernelGeometry | undefined {
  if ((op.builtin !== 'CONV_2D' && op.builtin !== 'DEPTHWISE_CONV_2D') || !op.window) return undefined;
  const input = deployed.tensors[op.inputs[0]!]!.shape;
  const output = deployed.tensors[op.outputs[0]!]!.shape;
  const w = op.window;
  return {
    op: op.builtin === 'CONV_2D' ? 'conv2d' : 'depthwiseConv2d',
    kh: w.size[0],
    kw: w.size[1],
    cin: input[2]!,
    cout: output[2]!,
    strides: [w.strides[0], w.strides[1]],
    padding: w.padding,
    inputHW: [input[0]!, input[1]!],
  };
}
