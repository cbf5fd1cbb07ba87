/**
 * A plain-data description of a TFLite model, as much as TFLM's allocator needs to size its arena.
 * Produced from a `.tflite` file (the exporter's `tflmDescriptionOf`) or from a deployed graph.
 */

/** Element type of a tensor (TFLite `TensorType`, lower case). */
export type TflmTensorType = 'float32' | 'float16' | 'int32' | 'uint8' | 'int64' | 'bool' | 'int16' | 'int8' | 'int4' | 'uint32' | 'uint16' | 'float64';

export interface TflmTensor {
  /** Shape including the batch axis, as stored in the file (`[]` for a scalar). */
  readonly shape: readonly number[];
  readonly type: TflmTensorType;
  /** True when the tensor's buffer holds data (weights, biases, shapes): it is never planned in the arena. */
  readonly constant: boolean;
  /**
   * Number of quantization channels TFLM reads (the length of `scale`, when both `scale` and
   * `zero_point` are present); 0 for a tensor without quantization parameters.
   */
  readonly quantizationChannels: number;
  /** `is_variable` in the file (state tensors; TFLM allocates them in the persistent tail). */
  readonly variable: boolean;
}

export interface TflmOperator {
  /** TFLite builtin operator name, e.g. `CONV_2D`, `DEPTHWISE_CONV_2D`, `MEAN`. */
  readonly builtin: string;
  /** Tensor indices; −1 marks an omitted optional input. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Window of CONV_2D / DEPTHWISE_CONV_2D / pooling ops (only the optimized kernel libraries' scratch sizes need it). */
  readonly window?: { readonly padding: 'same' | 'valid'; readonly strides: readonly [number, number] };
}

/** One subgraph's tensors and operators in execution order (TFLM runs them as listed). */
export interface TflmModelDescription {
  readonly tensors: readonly TflmTensor[];
  readonly operators: readonly TflmOperator[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /**
   * The file's `OfflineMemoryAllocation` offsets, one per tensor (bytes from the start of the
   * arena, −1 for tensors TFLM plans online), when the file carries one.
   */
  readonly offlineOffsets?: readonly number[];
}

const TYPE_BYTES: Readonly<Record<TflmTensorType, number>> = {
  float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, bool: 1, int16: 2, int8: 1, int4: 1, uint32: 4, uint16: 2, float64: 8,
};

/** Element count of a shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/**
 * Bytes TFLM reserves for a tensor (`TfLiteEvalTensorByteLength`): elements × type size. Int4
 * tensors are stored one value per byte in the arena.
 */
export function tensorBytes(t: Pick<TflmTensor, 'shape' | 'type'>): number {
  return elementCount(t.shape) * TYPE_BYTES[t.type];
}
