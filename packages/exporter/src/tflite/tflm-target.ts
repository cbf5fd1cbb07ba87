import type { TfliteModel, TfliteTensor } from './model.js';

/** Runtimes a `.tflite` file is written for. */
export type TfliteTarget = 'tflite' | 'tflm';

/**
 * Ops whose int8 TFLM kernels never read the bias tensor's quantization: conv and depthwise go through
 * `PopulateConvolutionQuantizationParams`, which checks the bias scale only for uint8 inputs.
 * FULLY_CONNECTED is not among them: its per-tensor path (`GetQuantizedConvolutionMultipler` with the
 * bias) requires |input × filter scale − bias scale| ≤ 0.02 × output scale, so a missing bias scale can
 * make `AllocateTensors` fail (seen on shufflenetv1_0.25_96_c3_o2_g8).
 */
const BIAS_PARAMS_UNREAD = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D']);

/**
 * The model trimmed for TensorFlow Lite for Microcontrollers: the quantization parameters of the
 * biases of CONV_2D and DEPTHWISE_CONV_2D are dropped. TFLM's int8 conv kernels derive the bias
 * scale from the input and filter scales and never read the bias tensor's own parameters
 * (`PopulateConvolutionQuantizationParams` in `kernel_util.cc`), so TFLM's outputs and arena are
 * unchanged. FULLY_CONNECTED keeps them (its kernel checks the bias scale). TFLite still runs the file with the same outputs, but its
 * optimized int8 path wants them (about 4× slower per inference without), hence a target and not
 * the default for every export. `tflite` returns the model unchanged.
 */
export function forTarget(model: TfliteModel, target: TfliteTarget): TfliteModel {
  if (target === 'tflite') return model;
  return {
    ...model,
    subgraphs: model.subgraphs.map((sg) => {
      const biases = new Set<number>();
      for (const op of sg.operators) {
        const builtin = model.operatorCodes[op.opcodeIndex]?.builtin ?? '';
        const bias = op.inputs[2];
        if (BIAS_PARAMS_UNREAD.has(builtin) && bias !== undefined && bias >= 0 && sg.tensors[bias]?.type === 'INT32') biases.add(bias);
      }
      return {
        ...sg,
        tensors: sg.tensors.map((t, i): TfliteTensor => {
          if (!biases.has(i) || !t.quantization) return t;
          const { quantization: _dropped, ...rest } = t;
          return rest;
        }),
      };
    }),
  };
}
