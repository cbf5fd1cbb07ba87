import type { OpAttrs, OpType } from './ops/attrs.js';

/** Element type of a tensor. */
export type DType = 'float32' | 'int8' | 'uint8' | 'int16' | 'int32';

/** Shape without the batch dimension: `[H, W, C]` for feature maps, `[N]` for vectors. */
export type Shape = readonly number[];

/** A tensor flowing between ops. */
export interface TensorInfo {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: DType;
}

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

/** Number of elements of a shape. */
export function elementCount(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes per element of a dtype. */
export function dtypeBytes(dtype: DType): number {
  switch (dtype) {
    case 'int8':
    case 'uint8':
      return 1;
    case 'int16':
      return 2;
    case 'float32':
    case 'int32':
      return 4;
  }
}
