import type { Shape } from '@cnn-analyzer/arch-spec';

/** TFLite builtin operators an int8 deployment of the IR runs. */
export type TfliteBuiltin =
  | 'CONV_2D'
  | 'DEPTHWISE_CONV_2D'
  | 'FULLY_CONNECTED'
  | 'AVERAGE_POOL_2D'
  | 'MAX_POOL_2D'
  | 'MEAN'
  | 'RESHAPE'
  | 'SOFTMAX'
  | 'ADD'
  | 'MUL'
  | 'CONCATENATION'
  | 'PAD'
  | 'HARD_SWISH'
  | 'LOGISTIC'
  | 'RELU'
  | 'RELU6'
  | 'SPLIT'
  | 'TRANSPOSE'
  | 'QUANTIZE'
  | 'DEQUANTIZE';

/** Activation a TFLite op applies to its own output (ActivationFunctionType). */
export type FusedActivation = 'NONE' | 'RELU' | 'RELU6';

/**
 * How a kernel sees an operator, for latency models: MAC kernels by shape (1×1, k×k, depthwise, dense),
 * and the rest by the work they do.
 */
export type KernelClass = 'conv' | 'pointwise' | 'depthwise' | 'dense' | 'pool' | 'elementwise' | 'softmax' | 'movement';

/** Role of a constant tensor. */
export type ConstantRole = 'weights' | 'bias' | 'int32' | 'scalar';

/** How an activation tensor's int8 scale and zero point are decided. */
export type QuantRule =
  /** From the calibrated range of the IR tensor it carries (with the sharing rules of the ops around it). */
  | { readonly rule: 'calibrated' }
  /** The same parameters as another tensor (TFLM does not rescale in this op). */
  | { readonly rule: 'shared'; readonly with: string }
  /** Fixed 1/256 and −128 (softmax and logistic outputs). */
  | { readonly rule: 'probability' }
  /** Hard-sigmoid's inner stages, derived from its input's parameters: x + 3, then clipped to [0, 6]. */
  | { readonly rule: 'hardSigmoid'; readonly stage: 'shifted' | 'clipped'; readonly of: string };

/** A tensor of the deployed model: an activation buffer, or a constant stored in the file. */
export interface DeployedTensor {
  /** Unique id; also the tensor's name in the exported file. */
  readonly id: string;
  /** Shape without the batch axis. */
  readonly shape: Shape;
  readonly kind: 'activation' | 'constant';
  readonly dtype: 'int8' | 'int32' | 'float32';
  /** Activations: how their quantization is set. */
  readonly quant?: QuantRule;
  /**
   * Activations: the tensor whose buffer this one shares (an in-place RESHAPE's output), resolved to the
   * buffer's first tensor. Absent when the tensor has its own buffer.
   */
  readonly aliasOf?: string;
  /** Constants: what they hold. */
  readonly role?: ConstantRole;
  /** Quantized constants (weights, bias, scalars): channels with their own scale (1 = per tensor). */
  readonly quantChannels?: number;
  /** Quantization axis of per-channel constants. */
  readonly quantAxis?: number;
  /** int32 parameter constants (shapes, axes, paddings, permutations): their values. */
  readonly values?: readonly number[];
  /** Scalar constants: the real value they hold (stored as int8 127 with scale value / 127). */
  readonly value?: number;
}

/** Where a MAC op's float weights come from: an IR layer (BatchNorm folded in) and a slice of its output channels. */
export interface WeightSource {
  readonly node: string;
  /** The BatchNorm layer folded into these weights, if any. */
  readonly batchNorm?: string;
  readonly outStart: number;
  readonly outCount: number;
}

/** One operator of the deployed model, in execution order. */
export interface DeployedOp {
  /** Unique name: the IR layer's name, or `<layer>/<part>` when a layer becomes several operators. */
  readonly name: string;
  readonly builtin: TfliteBuiltin;
  /** The IR layer this operator implements (all of it, or one part). */
  readonly source: string;
  /** IR layers folded or fused into this operator (BatchNorm, ReLU/ReLU6 after it). */
  readonly fused: readonly string[];
  readonly activation: FusedActivation;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly kernelClass: KernelClass;
  /** Output shares the input's buffer: TFLM runs it without moving bytes (RESHAPE). */
  readonly inPlace: boolean;
  /** Multiply-accumulates of this operator (its share of the IR layer's). */
  readonly macs: number;
  /** Parameters the operator reads (weights and biases, int8/int32 elements). */
  readonly params: number;
  /** MAC ops: where the float weights come from. */
  readonly weights?: WeightSource;
  /** Window ops (conv, depthwise, pooling): kernel or pool size, strides and padding. */
  readonly window?: Window;
}

/** The sliding window of a conv, depthwise conv or pooling operator. */
export interface Window {
  readonly size: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: 'same' | 'valid';
}

/** The model as TFLite / TFLM runs it. Plain JSON. */
export interface DeployedGraph {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly tensors: Readonly<Record<string, DeployedTensor>>;
  readonly ops: readonly DeployedOp[];
  /** Every IR tensor → the deployed tensor holding its values (fused and dropped layers' outputs map to their host's). */
  readonly tensorOf: Readonly<Record<string, string>>;
  /** Every IR layer → indices into `ops` of the operators realizing it (fused layers: their host's; dropout: none). */
  readonly opsOf: Readonly<Record<string, readonly number[]>>;
}

/** Options of the lowering. */
export interface DeployOptions {
  /** Float32 input and output through QUANTIZE / DEQUANTIZE around the int8 model. @default false */
  readonly floatIO?: boolean;
}
