import type { TfliteModel, TfliteOperator, TfliteOperatorCode, TfliteOptions, TfliteTensor } from '../tflite/model.js';
import { ENUMS } from '../tflite/generated/schema.js';

/** The description the exporter writes into every file. */
export const EXPORT_DESCRIPTION = 'CNN Analyzer int8 post-training quantization';

/** Operator versions as TensorFlow's converter writes them for int8 models (read off the reference models). */
export const VERSIONS: Readonly<Record<string, number>> = {
  CONV_2D: 3, DEPTHWISE_CONV_2D: 3, FULLY_CONNECTED: 4, AVERAGE_POOL_2D: 2, MAX_POOL_2D: 2, RESHAPE: 1, SOFTMAX: 2,
  ADD: 2, MUL: 2, CONCATENATION: 2, MEAN: 2, PAD: 2, HARD_SWISH: 1, LOGISTIC: 2, RELU: 2, RELU6: 2, SPLIT: 2,
  TRANSPOSE: 2, QUANTIZE: 1, DEQUANTIZE: 2,
};

/** Collects tensors, buffers and operators into a {@link TfliteModel}. */
export class ModelAssembler {
  private readonly tensors: TfliteTensor[] = [];
  private readonly buffers: Uint8Array[] = [new Uint8Array(0)];
  private readonly codes: TfliteOperatorCode[] = [];
  private readonly operators: TfliteOperator[] = [];

  /** Add an activation tensor (no data); returns its index. */
  activation(name: string, shape: readonly number[], type: string, quant?: { scale: number; zeroPoint: number }): number {
    this.tensors.push({ name, shape: [...shape], type, buffer: 0, isVariable: false, ...(quant ? { quantization: { scale: [quant.scale], zeroPoint: [quant.zeroPoint], quantizedDimension: 0 } } : {}) });
    return this.tensors.length - 1;
  }

  /** Add a constant tensor with its bytes; returns its index. */
  constant(name: string, shape: readonly number[], type: string, data: Int8Array | Int32Array | Uint8Array, quant?: { scale: number[]; zeroPoint: number[]; quantizedDimension: number }): number {
    this.buffers.push(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
    this.tensors.push({ name, shape: [...shape], type, buffer: this.buffers.length - 1, isVariable: false, ...(quant ? { quantization: quant } : {}) });
    return this.tensors.length - 1;
  }

  /** An int32 constant (shapes, axes, paddings). */
  int32(name: string, values: readonly number[], shape: readonly number[] = [values.length]): number {
    return this.constant(name, shape, 'INT32', Int32Array.from(values));
  }

  /** Append an operator. */
  op(builtin: string, inputs: readonly number[], outputs: readonly number[], optionsType = 'NONE', options: TfliteOptions = {}): void {
    const code = (ENUMS.BuiltinOperator as Record<string, number>)[builtin]!;
    let index = this.codes.findIndex((c) => c.builtin === builtin);
    if (index === -1) {
      this.codes.push({ builtin, builtinCode: code, version: VERSIONS[builtin] ?? 1 });
      index = this.codes.length - 1;
    }
    this.operators.push({ opcodeIndex: index, inputs: [...inputs], outputs: [...outputs], optionsType, options });
  }

  /** Shape of a tensor already added. */
  shapeOf(index: number): readonly number[] {
    return this.tensors[index]!.shape;
  }

  finish(name: string, inputs: readonly number[], outputs: readonly number[], description: string): TfliteModel {
    return {
      version: 3,
      description,
      operatorCodes: this.codes,
      subgraphs: [{ name, tensors: this.tensors, inputs: [...inputs], outputs: [...outputs], operators: this.operators }],
      buffers: this.buffers,
      metadata: [],
    };
  }
}
