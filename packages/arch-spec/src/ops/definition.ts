import type { z } from 'zod';
import type { Shape } from '../ir.js';

/** Role of a weight tensor held by a layer (Keras naming). */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

/** A weight tensor a layer owns, with its Keras layout. */
export interface WeightSpec {
  readonly role: WeightRole;
  /** Keras layout: conv `[kh, kw, cin/groups, cout]`, depthwise `[kh, kw, c, multiplier]`, dense `[in, out]`. */
  readonly shape: Shape;
  readonly trainable: boolean;
}

/** How many tensors an op takes and gives. `'many'` means one or more. */
export type Arity = number | 'many';

/**
 * Everything arch-spec knows about one op type: its attribute schema (which is also its
 * JSON serializer), how many operands it takes, its shape rule and the weights it owns.
 */
export interface OpDefinition<Attrs> {
  readonly type: string;
  readonly attrs: z.ZodType<Attrs>;
  readonly inputs: Arity;
  /** Number of outputs; a function when it depends on the attributes (channel split). */
  readonly outputs: number | ((attrs: Attrs) => number);
  /** Output shapes from input shapes. Throws a plain Error with the reason; the caller adds context. */
  inferShapes(inputs: readonly Shape[], attrs: Attrs): Shape[];
  /** Weight tensors of the layer; none when omitted. */
  weights?(inputs: readonly Shape[], attrs: Attrs): WeightSpec[];
  /** True when the output is only a new view of the input's bytes (reshape, flatten, dropout at inference). */
  readonly aliasesInput?: boolean;
  /**
   * Multiply-accumulates of the layer from its input and output shapes (MISSION.md counts conv, depthwise conv and
   * dense only). 0 when omitted.
   */
  macs?(inputs: readonly Shape[], outputs: readonly Shape[], attrs: Attrs): number;
  /** Floating-point (element) operations of the layer; 0 when omitted (data movement). */
  flops?(inputs: readonly Shape[], outputs: readonly Shape[], attrs: Attrs): number;
}

/** Elements of a shape. */
export function elements(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Build an op definition with its types inferred from the attribute schema. */
export function defineOp<Attrs>(def: OpDefinition<Attrs>): OpDefinition<Attrs> {
  return Object.freeze(def);
}

/** Spatial output size of a window op: "same" → ceil(H/s), "valid" → floor((H − k)/s) + 1. */
export function windowOutput(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Require a rank-3 `[H, W, C]` feature map. */
export function featureMap(shape: Shape | undefined, what = 'input'): [number, number, number] {
  if (!shape || shape.length !== 3) {
    throw new Error(`${what} must be a [H, W, C] feature map, got ${JSON.stringify(shape)}`);
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

/** Require a positive spatial result. */
export function positiveSpatial(h: number, w: number): void {
  if (!(h > 0 && w > 0)) throw new Error(`output would be ${h}×${w}: the input is too small for this window`);
}
