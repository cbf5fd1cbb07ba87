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
