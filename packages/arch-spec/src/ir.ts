import type { OpAttrs, OpType } from './ops/attrs.js';
import type { TensorInfo } from './tensor.js';

// Tensor types live in tensor.ts so that ops/* can use them without importing the graph (no import cycle).
export type { DType, Shape, TensorInfo } from './tensor.js';
export { elementCount, dtypeBytes } from './tensor.js';

/** One layer of the graph: an op applied to named input tensors, producing named outputs. */
export interface OpNode<T extends OpType = OpType> {
  /** Unique layer name, e.g. `conv_pw_3`. */
  readonly name: string;
  readonly op: T;
  readonly attrs: OpAttrs[T];
  /** Tensor names consumed, in operand order. */
  readonly inputs: readonly string[];
  /** Tensor names produced, in result order. */
  readonly outputs: readonly string[];
}

/** Any node, discriminated on `op`. */
export type AnyOpNode = { [T in OpType]: OpNode<T> }[OpType];

/**
 * A JSON-serializable layer graph. `nodes` are listed in a valid execution order
 * (every input is produced before it is consumed).
 */
export interface LayerGraph {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly tensors: Readonly<Record<string, TensorInfo>>;
  readonly nodes: readonly AnyOpNode[];
  /**
   * Which factors set each layer's width (output channels), by layer name: the study's "scaling factors" column
   * (`['alpha', 'beta']` for α×β). Layers whose width no factor sets are left out. Optional: graphs read from
   * .tflite files have none.
   */
  readonly scaling?: Readonly<Record<string, readonly string[]>>;
}
