import { ENUMS } from '../tflite/generated/schema.js';
import type { TfliteModel, TfliteOptions } from '../tflite/model.js';

/** Quantization parameters as the file's layout sees them: how many values each vector holds. */
export interface LayoutQuantization {
  readonly scales: number;
  readonly zeroPoints: number;
  readonly min: number;
  readonly max: number;
  readonly quantizedDimension: number;
}

export interface LayoutTensor {
  readonly name: string;
  readonly rank: number;
  /** TensorType code. */
  readonly type: number;
  readonly buffer: number;
  readonly quantization?: LayoutQuantization;
  readonly isVariable: boolean;
}

export interface LayoutOperator {
  readonly opcodeIndex: number;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** BuiltinOptions union member name, or `NONE`. */
  readonly optionsType: string;
  readonly options: TfliteOptions;
}

export interface LayoutSubgraph {
  readonly name: string;
  readonly tensors: readonly LayoutTensor[];
  readonly inputs: number;
  readonly outputs: number;
  readonly operators: readonly LayoutOperator[];
}

/**
 * A .tflite model reduced to what decides its file's layout: a {@link TfliteModel} whose buffers are byte counts and
 * whose quantization vectors are lengths (values never change where a byte goes; option values do, a default being
 * left out).
 */
export interface LayoutModel {
  readonly version: number;
  readonly description: string;
  readonly operatorCodes: readonly { readonly builtin: string; readonly builtinCode: number; readonly version: number; readonly customCode?: string }[];
  readonly subgraphs: readonly LayoutSubgraph[];
  /** Byte length of each buffer; index 0 is the empty buffer. */
  readonly buffers: readonly number[];
  readonly metadata: readonly { readonly name: string; readonly buffer: number }[];
}

export const TENSOR_TYPE_CODES = ENUMS.TensorType as Readonly<Record<string, number>>;

/** The layout of a model held as data (what {@link writeTflite} would write). */
export function layoutModelOf(model: TfliteModel): LayoutModel {
  return {
    version: model.version,
    description: model.description,
    operatorCodes: model.operatorCodes,
    buffers: model.buffers.map((b) => b.length),
    metadata: model.metadata,
    subgraphs: model.subgraphs.map((sg) => ({
      name: sg.name,
      inputs: sg.inputs.length,
      outputs: sg.outputs.length,
      operators: sg.operators,
      tensors: sg.tensors.map((t): LayoutTensor => {
        const q = t.quantization;
        return {
          name: t.name,
          rank: t.shape.length,
          type: TENSOR_TYPE_CODES[t.type] ?? 0,
          buffer: t.buffer,
          isVariable: t.isVariable,
          ...(q ? { quantization: { scales: q.scale.length, zeroPoints: q.zeroPoint.length, min: q.min?.length ?? 0, max: q.max?.length ?? 0, quantizedDimension: q.quantizedDimension } } : {}),
        };
      }),
    })),
  };
}
