/** Quantization of a tensor: real = scale × (q − zeroPoint), per tensor or per channel. */
export interface TfliteQuantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** Channel axis of per-channel quantization. */
  readonly quantizedDimension: number;
  readonly min?: readonly number[];
  readonly max?: readonly number[];
}

export interface TfliteTensor {
  readonly name: string;
  /** Shape including the batch axis, as stored. */
  readonly shape: readonly number[];
  /** TensorType member name (`INT8`, `FLOAT32`, …). */
  readonly type: string;
  /** Index into `buffers`; 0 (the empty buffer) for activations. */
  readonly buffer: number;
  readonly quantization?: TfliteQuantization;
  readonly isVariable: boolean;
}

/** Builtin options decoded field by field from the schema (scalars, enums as numbers, scalar vectors). */
export type TfliteOptions = Readonly<Record<string, number | readonly number[]>>;

export interface TfliteOperator {
  readonly opcodeIndex: number;
  /** Tensor indices; −1 marks an omitted optional input. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** BuiltinOptions union member name (`Conv2DOptions`), or `NONE`. */
  readonly optionsType: string;
  readonly options: TfliteOptions;
}

export interface TfliteOperatorCode {
  /** BuiltinOperator member name (`CONV_2D`). */
  readonly builtin: string;
  readonly builtinCode: number;
  readonly version: number;
  readonly customCode?: string;
}

export interface TfliteSubgraph {
  readonly name: string;
  readonly tensors: readonly TfliteTensor[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly operators: readonly TfliteOperator[];
}

/** A .tflite model as plain data. */
export interface TfliteModel {
  readonly version: number;
  readonly description: string;
  readonly operatorCodes: readonly TfliteOperatorCode[];
  readonly subgraphs: readonly TfliteSubgraph[];
  /** Buffer contents; index 0 is the empty buffer. */
  readonly buffers: readonly Uint8Array[];
  readonly metadata: readonly { readonly name: string; readonly buffer: number }[];
}
