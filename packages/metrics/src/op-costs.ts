import { OPS, type AnyOpNode, type OpDefinition, type Shape } from '@cnn-analyzer/arch-spec';

/** The op definition of a node, with its attribute type erased. */
function definition(node: AnyOpNode): OpDefinition<unknown> {
  return OPS[node.op] as OpDefinition<unknown>;
}

/**
 * Multiply-accumulates (MISSION.md): conv kh·kw·(Cin/groups)·Hout·Wout·Cout, depthwise
 * kh·kw·Cout·Hout·Wout, dense in·out per output position. Every other op: 0. Each op's own rule, from arch-spec.
 */
export function macsOf(node: AnyOpNode, inputs: readonly Shape[], outputs: readonly Shape[]): number {
  const def = definition(node);
  return def.macs ? def.macs(inputs, outputs, node.attrs) : 0;
}

/**
 * Floating-point operations of a layer, by its op's rule in arch-spec: 2 per MAC (+1 per output for a bias) for
 * conv/depthwise/dense; element operations per output for activations and BatchNorm; one per operand beyond the
 * first for add/multiply; the window size per output for pooling and H·W·C for global average pooling. Data movement
 * (concat, split, shuffle, reshape, padding) counts 0.
 */
export function flopsOf(node: AnyOpNode, inputs: readonly Shape[], outputs: readonly Shape[]): number {
  const def = definition(node);
  return def.flops ? def.flops(inputs, outputs, node.attrs) : 0;
}
