import { elementCount, type TflmModelDescription, type TflmOperator } from './tflm-model.js';

/**
 * What one operator allocates in TFLM's arena, per tflite-micro 90b983c2 (reference kernels,
 * 64-bit host build: pointers 8 bytes, as `tflm-run` is built). Sizes are `sizeof` of the structs
 * named in each entry, laid out by the C++ ABI.
 */
export interface OperatorAllocations {
  /** Builtin options parsed into the tail (`MicroBuiltinDataAllocator`): size and alignment, bytes. */
  readonly builtinData?: { readonly bytes: number; readonly align: number };
  /** `AllocatePersistentBuffer` calls of the kernel's `Init` then `Prepare`, bytes each (16-byte aligned). */
  readonly persistent: readonly number[];
  /** `RequestScratchBufferInArena` calls of `Prepare`, bytes each (planned in the head, alive during the op). */
  readonly scratch: readonly number[];
}

/** Builtin parameter structs (`builtin_op_data.h`): bytes, alignment. Ops whose parser allocates nothing are absent. */
const BUILTIN_DATA: Readonly<Record<string, readonly [number, number]>> = {
  ADD: [8, 4], // TfLiteAddParams { activation; bool pot_scale_int16 }
  MUL: [4, 4], // TfLiteMulParams
  AVERAGE_POOL_2D: [40, 4], // TfLitePoolParams: 6 ints + TfLitePaddingValues
  MAX_POOL_2D: [40, 4],
  CONCATENATION: [8, 4], // TfLiteConcatenationParams { axis; activation }
  CONV_2D: [28, 4], // TfLiteConvParams: 7 ints/enums
  DEPTHWISE_CONV_2D: [28, 4], // TfLiteDepthwiseConvParams
  FULLY_CONNECTED: [16, 4], // TfLiteFullyConnectedParams
  MEAN: [1, 1], // TfLiteReducerParams { bool keep_dims }
  RESHAPE: [36, 4], // TfLiteReshapeParams { int32 shape[8]; num_dimensions }
  SOFTMAX: [4, 4], // TfLiteSoftmaxParams { float beta }
  SPLIT: [4, 4], // TfLiteSplitParams { num_splits }
  SPLIT_V: [4, 4],
};

/** {@link BUILTIN_DATA} as the allocation objects {@link operatorAllocations} returns (shared: they are read-only). */
const BUILTIN_ALLOCATION: Readonly<Record<string, { readonly bytes: number; readonly align: number }>> = Object.fromEntries(
  Object.entries(BUILTIN_DATA).map(([op, [bytes, align]]) => [op, Object.freeze({ bytes, align })]),
);

/** The kernels' `Init` OpData structs (LP64), bytes. Ops with no `Init` allocation are absent. */
const OP_DATA: Readonly<Record<string, number>> = {
  CONV_2D: 72, // OpDataConv: padding(16) + 5 int32 + 2 pointers + 3 int32
  DEPTHWISE_CONV_2D: 72, // OpDataConv
  FULLY_CONNECTED: 64, // OpDataFullyConnected: 9 int32 + 2 pointers + bool
  AVERAGE_POOL_2D: 32, // OpDataPooling
  MAX_POOL_2D: 32,
  SOFTMAX: 80, // SoftmaxParams: double + 7 int32/float + 5 pointers
  ADD: 60, // OpDataAdd
  MUL: 36, // OpDataMul
  MEAN: 44, // OpDataReduce
  PAD: 56, // OpData { PadParams; output_zero_point }
  PADV2: 56,
  CONCATENATION: 40, // OpData { ConcatenationParams }
  RELU: 28, // ReluOpData { ReluParams }
  RELU6: 8, // Relu6OpData
  HARD_SWISH: 20, // HardSwishParams
  LOGISTIC: 16, // OpDataLogistic
  QUANTIZE: 32, // OpDataQuantizeReference
  DEQUANTIZE: 32, // DequantizeOpData
};

/**
 * Builtins whose parser and reference kernel allocations above were checked in tflite-micro's sources
 * (the tables, plus RESHAPE, TRANSPOSE, SPLIT, SPLIT_V and EXPAND_DIMS, which allocate no OpData).
 * Any other builtin makes the figure an estimate.
 */
const KNOWN = new Set([...Object.keys(OP_DATA), ...Object.keys(BUILTIN_DATA), 'RESHAPE', 'TRANSPOSE', 'SPLIT', 'SPLIT_V', 'EXPAND_DIMS']);

/** True when {@link operatorAllocations} follows the kernel's source for this builtin. */
export function isKnownBuiltin(builtin: string): boolean {
  return KNOWN.has(builtin);
}

/** TFLM reference kernels' allocations for one operator of a model. */
export function operatorAllocations(desc: TflmModelDescription, op: TflmOperator): OperatorAllocations {
  const tensor = (i: number | undefined) => (i === undefined || i < 0 ? undefined : desc.tensors[i]);
  const parsed = BUILTIN_ALLOCATION[op.builtin];
  const persistent: number[] = [];
  const scratch: number[] = [];
  const init = OP_DATA[op.builtin];
  if (init !== undefined) persistent.push(init);
  const input = tensor(op.inputs[0]);
  const filter = tensor(op.inputs[1]);
  switch (op.builtin) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      // per_channel_output_multiplier and _shift: int32 per channel of the filter's quantized dimension
      const channels = filter ? filter.shape[op.builtin === 'CONV_2D' ? 0 : 3] ?? 0 : 0;
      persistent.push(4 * channels, 4 * channels);
      if (filter?.type === 'int4') scratch.push(elementCount(filter.shape));
      break;
    }
    case 'FULLY_CONNECTED':
      if (input?.type !== 'float32' && filter && filter.quantizationChannels > 1) persistent.push(4 * filter.quantizationChannels, 4 * filter.quantizationChannels);
      if (filter?.type === 'int4') scratch.push(elementCount(filter.shape));
      break;
    case 'SOFTMAX':
      if (input?.type === 'int16') persistent.push(2 * 513, 2 * 513); // exp and 1/(1+x) LUTs, kInt16LUTArraySize
      break;
    case 'MEAN': {
      const axis = tensor(op.inputs[1]);
      const output = tensor(op.outputs[0]);
      if (input?.type === 'int8' || input?.type === 'int16') scratch.push(4 * elementCount(output?.shape ?? []));
      scratch.push(4 * (input?.shape.length ?? 0), 4 * elementCount(axis?.shape ?? []));
      break;
    }
  }
  return parsed ? { builtinData: parsed, persistent, scratch } : { persistent, scratch };
}
