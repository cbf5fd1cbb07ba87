import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** A .tflite file is truncated, corrupted or uses something this reader does not support. */
export class TfliteFormatError extends CnnAnalyzerError {
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;
  /** What the reader expected there. */
  readonly expected: string;

  constructor(message: string, offset: number, expected: string) {
    super(`.tflite at byte ${offset}: ${message} (expected ${expected})`, `offset ${offset}`, offset);
    this.offset = offset;
    this.expected = expected;
  }
}

/** A well-formed .tflite model that the layer-graph IR cannot represent (an unsupported operator or layout). */
export class TfliteImportError extends CnnAnalyzerError {
  constructor(message: string, operator: string) {
    super(`.tflite import: ${message}`, 'operator', operator);
  }
}
