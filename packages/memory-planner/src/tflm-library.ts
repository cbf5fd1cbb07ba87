import { scratchBytes } from './arena-breakdown.js';
import type { OperatorAllocations } from './tflm-kernels.js';
import type { TflmModelDescription, TflmOperator } from './tflm-model.js';

/** Kernel library linked into the firmware: TFLM's reference kernels, Arm's CMSIS-NN or Espressif's ESP-NN. */
export type TflmKernelLibrary = 'reference' | 'cmsis-nn' | 'esp-nn';

/** An optimized library's allocations for one operator, with how far they can be off. */
export interface LibraryAllocations extends OperatorAllocations {
  readonly extra: { readonly maxErrorBytes: number };
}

/** Slack per operator for the libraries' OpData wrappers (a reference OpData plus a few ints, 16-byte aligned). */
const OP_DATA_SLACK = 16;

/**
 * CMSIS-NN / ESP-NN allocations for an operator: the reference kernel's, an OpData wrapper a few
 * ints larger (counted as +16 bytes, the alignment step), and for CONV_2D / DEPTHWISE_CONV_2D the
 * scratch buffer of the library's buffer-size function (CMSIS-NN's DSP formulas,
 * `arm_convolve_wrapper_s8_get_buffer_size` / `arm_depthwise_conv_wrapper_s8_get_buffer_size`;
 * ESP-NN's conv scratch is of the same im2col order and uses the same estimate). The error bound per
 * operator is the OpData slack plus the whole scratch buffer (MVE and non-DSP builds differ by up to
 * that much), and for FULLY_CONNECTED 8 bytes per output (kernel sums and their scratch, MVE builds).
 */
export function libraryExtras(desc: TflmModelDescription, op: TflmOperator, base: OperatorAllocations, _library: Exclude<TflmKernelLibrary, 'reference'>): LibraryAllocations {
  const persistent = base.persistent.length > 0 ? [base.persistent[0]! + OP_DATA_SLACK, ...base.persistent.slice(1)] : [];
  let scratch = 0;
  const input = desc.tensors[op.inputs[0] ?? -1];
  const filter = desc.tensors[op.inputs[1] ?? -1];
  const output = desc.tensors[op.outputs[0] ?? -1];
  if ((op.builtin === 'CONV_2D' || op.builtin === 'DEPTHWISE_CONV_2D') && input && filter && output) {
    const dw = op.builtin === 'DEPTHWISE_CONV_2D';
    scratch = scratchBytes(
      { op: dw ? 'depthwiseConv2d' : 'conv2d', kh: filter.shape[1]!, kw: filter.shape[2]!, cin: input.shape[3]!, cout: output.shape[3]!, strides: op.window?.strides ?? [1, 1], padding: op.window?.padding ?? 'same', inputHW: [input.shape[1]!, input.shape[2]!] },
      'cmsis-nn',
    );
  }
  // CMSIS-NN's FULLY_CONNECTED may keep int32 kernel sums per output (persistent) and an equal scratch on MVE builds
  const fcBound = op.builtin === 'FULLY_CONNECTED' && filter ? 8 * (filter.shape[0] ?? 0) : 0;
  return { ...base, persistent, scratch: scratch > 0 ? [...base.scratch, scratch] : base.scratch, extra: { maxErrorBytes: (persistent.length > 0 ? OP_DATA_SLACK : 0) + scratch + fcBound } };
}
