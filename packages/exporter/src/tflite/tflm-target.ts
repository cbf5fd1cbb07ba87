import type { TfliteModel, TfliteTensor } from './model.js';

/** Runtimes a `.tflite` file is written for. */
export type TfliteTarget = 'tflite' | 'tflm';

const WEIGHTED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);

/**
 * The model trimmed for TensorFlow Lite for Microcontrollers: the quantization parameters of the
 * biases of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED are dropped. TFLM's kernels (reference,
 * CMSIS-NN, ESP-NN) derive the bias scale from the input and filter scales and never read the
 * bias tensor's own parameters (`conv_common.cc`, `depthwise_conv_common.cc`,
 * `fully_connected_common.cc` read `input`, `filter` and `output` quantization only), so TFLM's
 * outputs and arena are unchanged. TFLite still runs the file with the same outputs, but its
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
        if (WEIGHTED.has(builtin) && bias !== undefined && bias >= 0 && sg.tensors[bias]?.type === 'INT32') biases.add(bias);
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
