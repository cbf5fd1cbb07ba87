import { CnnAnalyzerError, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';
import type { DeployedOp } from '@cnn-analyzer/deployed-graph';

/** Float weights after BatchNorm folding; the kernel keeps its Keras layout (output channel last). */
export interface FoldedWeights {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly number[];
  readonly bias: Float32Array;
}

function fold(w: FoldedWeights, bn: LayerWeights, epsilon: number): FoldedWeights {
  const [gamma, beta, mean, variance] = bn.values as [Float32Array, Float32Array, Float32Array, Float32Array];
  const cout = w.bias.length;
  const s = Float32Array.from(gamma, (g, c) => g / Math.sqrt(variance[c]! + epsilon));
  const kernel = Float32Array.from(w.kernel, (v, i) => v * s[i % cout]!);
  const bias = Float32Array.from(w.bias, (b, c) => (b - mean[c]!) * s[c]! + beta[c]!);
  return { kernel, kernelShape: w.kernelShape, bias };
}

/**
 * The float weights of a MAC operator's IR layer (Keras layout), with the BatchNorm the deployed graph folded into
 * it applied: kernel × γ/√(σ²+ε) per output channel, bias (b − μ)·γ/√(σ²+ε) + β. Cached per layer.
 */
export function foldedWeightsOf(graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>): (op: DeployedOp) => FoldedWeights {
  const cache = new Map<string, FoldedWeights>();
  return (op) => {
    const src = op.weights!;
    const key = `${src.node}+${src.batchNorm ?? ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const lw = weights.get(src.node);
    if (!lw) throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(src.node)} has no weights in the tfjs model`, `nodes.${src.node}`, src.node);
    const node = graph.nodes.find((n) => n.name === src.node)!;
    const cout = lw.shapes[0]![lw.shapes[0]!.length - 1]! * (node.op === 'depthwiseConv2d' ? lw.shapes[0]![2]! : 1);
    let w: FoldedWeights = { kernel: lw.values[0]!, kernelShape: lw.shapes[0]!, bias: lw.values[1] ?? new Float32Array(cout) };
    if (src.batchNorm !== undefined) {
      const bn = graph.nodes.find((n) => n.name === src.batchNorm);
      const bw = weights.get(src.batchNorm);
      if (!bn || bn.op !== 'batchNorm' || !bw) throw new CnnAnalyzerError(`${graph.name}: BatchNorm ${JSON.stringify(src.batchNorm)} has no weights in the tfjs model`, `nodes.${src.batchNorm}`, src.batchNorm);
      w = fold(w, bw, bn.attrs.epsilon);
    }
    cache.set(key, w);
    return w;
  };
}
