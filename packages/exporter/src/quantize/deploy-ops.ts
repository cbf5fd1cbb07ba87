import { CnnAnalyzerError, type AnyOpNode, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';

/** Fused activation of a TFLite op (ActivationFunctionType). */
export type FusedActivation = 0 | 1 | 3;

/** Float weights after BatchNorm folding; the kernel keeps its Keras layout (output channel last). */
export interface FoldedWeights {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly number[];
  readonly bias: Float32Array;
}

/** One operator of the deployed (fused) model, over IR tensor names. */
export interface DeployedOp {
  readonly node: AnyOpNode;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly activation: FusedActivation;
  readonly weights?: FoldedWeights;
}

const HOSTS = new Set(['conv2d', 'depthwiseConv2d', 'dense']);

function fold(w: { kernel: Float32Array; kernelShape: readonly number[]; bias: Float32Array }, bn: LayerWeights, epsilon: number): FoldedWeights {
  const [gamma, beta, mean, variance] = bn.values as [Float32Array, Float32Array, Float32Array, Float32Array];
  const cout = w.bias.length;
  const s = Float32Array.from(gamma, (g, c) => g / Math.sqrt(variance[c]! + epsilon));
  const kernel = Float32Array.from(w.kernel, (v, i) => v * s[i % cout]!);
  const bias = Float32Array.from(w.bias, (b, c) => (b - mean[c]!) * s[c]! + beta[c]!);
  return { kernel, kernelShape: w.kernelShape, bias };
}

/**
 * The operators of the int8 model: BatchNorm folded into the preceding conv / depthwise / dense
 * (weights and bias rescaled), ReLU/ReLU6 fused into it or into an ADD, dropout removed.
 */
export function deployedOps(graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>): DeployedOp[] {
  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const t of n.inputs) consumers.set(t, (consumers.get(t) ?? 0) + 1);
  for (const t of graph.outputs) consumers.set(t, (consumers.get(t) ?? 0) + 1);
  const alias = new Map<string, string>();
  const resolve = (t: string): string => alias.get(t) ?? t;
  const ops: { node: AnyOpNode; inputs: string[]; outputs: string[]; activation: FusedActivation; weights?: FoldedWeights; bnFolded: boolean }[] = [];
  const byOutput = new Map<string, (typeof ops)[number]>();

  for (const node of graph.nodes) {
    const input = node.inputs[0] !== undefined ? resolve(node.inputs[0]) : undefined;
    const host = input !== undefined ? byOutput.get(input) : undefined;
    const sole = node.inputs[0] !== undefined && consumers.get(node.inputs[0]) === 1 && host?.outputs.length === 1;
    if (node.op === 'dropout') {
      alias.set(node.outputs[0]!, input!);
      continue;
    }
    if (node.op === 'batchNorm') {
      if (!host || !sole || !HOSTS.has(host.node.op) || host.bnFolded || host.activation !== 0) {
        throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(node.name)}: a BatchNorm must follow a conv, depthwise conv or dense layer to be folded`, `nodes.${node.name}`, node.op);
      }
      host.weights = fold(host.weights!, weights.get(node.name)!, node.attrs.epsilon);
      host.bnFolded = true;
      host.outputs = [...node.outputs];
      byOutput.set(node.outputs[0]!, host);
      continue;
    }
    if ((node.op === 'relu' || node.op === 'relu6') && host && sole && host.activation === 0 && (HOSTS.has(host.node.op) || host.node.op === 'add')) {
      host.activation = node.op === 'relu' ? 1 : 3;
      host.outputs = [...node.outputs];
      byOutput.set(node.outputs[0]!, host);
      continue;
    }
    let w: FoldedWeights | undefined;
    if (HOSTS.has(node.op)) {
      const lw = weights.get(node.name);
      if (!lw) throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(node.name)} has no weights in the tfjs model`, `nodes.${node.name}`, node.op);
      const cout = lw.shapes[0]![lw.shapes[0]!.length - 1]! * (node.op === 'depthwiseConv2d' ? lw.shapes[0]![2]! : 1);
      w = { kernel: lw.values[0]!, kernelShape: lw.shapes[0]!, bias: lw.values[1] ?? new Float32Array(cout) };
    }
    const op = { node, inputs: node.inputs.map(resolve), outputs: [...node.outputs], activation: 0 as FusedActivation, ...(w ? { weights: w } : {}), bnFolded: false };
    ops.push(op);
    for (const t of node.outputs) byOutput.set(t, op);
  }
  return ops.map(({ node, inputs, outputs, activation, weights: w }) => ({ node, inputs, outputs, activation, ...(w ? { weights: w } : {}) }));
}
