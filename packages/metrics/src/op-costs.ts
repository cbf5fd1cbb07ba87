import { elementCount, type AnyOpNode, type Shape } from '@cnn-analyzer/arch-spec';

/**
 * Multiply-accumulates (MISSION.md): conv kh·kw·(Cin/groups)·Hout·Wout·Cout, depthwise
 * kh·kw·Cout·Hout·Wout, dense in·out per output position. Every other op: 0.
 */
export function macsOf(node: AnyOpNode, inputs: readonly Shape[], outputs: readonly Shape[]): number {
  const out = outputs[0]!;
  switch (node.op) {
    case 'conv2d': {
      const cin = inputs[0]![2]!;
      const [kh, kw] = node.attrs.kernelSize;
      return kh * kw * (cin / node.attrs.groups) * elementCount(out);
    }
    case 'depthwiseConv2d': {
      const [kh, kw] = node.attrs.kernelSize;
      return kh * kw * elementCount(out);
    }
    case 'dense': {
      const input = inputs[0]!;
      return input[input.length - 1]! * elementCount(out);
    }
    default:
      return 0;
  }
}

/** Element operations per output element of element-wise ops. */
const PER_ELEMENT: Partial<Record<AnyOpNode['op'], number>> = {
  batchNorm: 2, // scale and shift once folded for inference
  relu: 1, // max
  relu6: 2, // max, min
  hardSigmoid: 4, // add 3, max, min, scale 1/6
  hardSwish: 5, // hard-sigmoid and a multiply
  sigmoid: 4, // negate, exp, add 1, divide
  softmax: 3, // exp, sum, divide
};

/**
 * Floating-point operations of a layer: 2 per MAC (+1 per output for a bias) for
 * conv/depthwise/dense; for other ops the element operations listed in `PER_ELEMENT`,
 * one per operand beyond the first for add/multiply, the window size per output for
 * pooling and H·W·C for global average pooling. Data movement (concat, split, shuffle,
 * reshape, padding) counts 0.
 */
export function flopsOf(node: AnyOpNode, inputs: readonly Shape[], outputs: readonly Shape[]): number {
  const outElements = elementCount(outputs[0]!);
  switch (node.op) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'dense':
      return 2 * macsOf(node, inputs, outputs) + (node.attrs.useBias ? outElements : 0);
    case 'add':
    case 'multiply':
      return (inputs.length - 1) * outElements;
    case 'averagePool':
      return node.attrs.poolSize[0] * node.attrs.poolSize[1] * outElements;
    case 'maxPool':
      return (node.attrs.poolSize[0] * node.attrs.poolSize[1] - 1) * outElements;
    case 'globalAveragePool':
      return elementCount(inputs[0]!);
    default:
      return (PER_ELEMENT[node.op] ?? 0) * outElements;
  }
}
