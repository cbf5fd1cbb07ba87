import type { Device } from '@cnn-analyzer/device';

/** What the project generator needs; the caller exports the model and plans the arena. */
export interface TflmProjectInput {
  /** Model name (file and identifier stem). */
  readonly name: string;
  readonly device: Device;
  /** `model_data.cc` / `model_data.h` contents defining `g_model` and `g_model_len` (the exporter's C array). */
  readonly cArray: { readonly source: string; readonly header: string };
  /** Builtin operator names the model uses (`CONV_2D`, …). */
  readonly ops: readonly string[];
  /** Operators the model runs (the per-operator profile's capacity). @default 128 */
  readonly operatorCount?: number;
  /** SHA-256 of the .tflite bytes, hex: the project prints it so `cnn-analyzer measure` can check the board runs that model. */
  readonly modelSha256: string;
  /** Tensor arena size to reserve, bytes: `tflmArena` for the board's kernel library (TFLM's smallest working arena; estimates rounded up by their bound). */
  readonly arenaBytes: number;
  /** Input elements and their type; output elements. */
  readonly inputElements: number;
  readonly inputType: 'int8' | 'float32';
  readonly outputElements: number;
}
