import type { KernelGeometry, Lifetime, PlanGraph } from './plan-graph.js';
import { greedyArena } from './greedy-arena.js';

/** Kernel library whose scratch buffers to add to the arena. */
export type KernelLibrary = 'reference' | 'cmsis-nn';

/** TF "same" padding on one side (the smaller half), pixels. */
function samePad(size: number, k: number, s: number): number {
  const out = Math.ceil(size / s);
  return Math.floor(Math.max(0, (out - 1) * s + k - size) / 2);
}

/**
 * Scratch bytes a conv / depthwise kernel requests from the TFLM arena. Reference kernels request
 * none. CMSIS-NN (DSP build for Cortex-M4/M7, `arm_convolve_wrapper_s8_get_buffer_size` and
 * `arm_depthwise_conv_wrapper_s8_get_buffer_size`): 1×1 convolutions without padding need none,
 * other convolutions an im2col buffer of 2 × align4(kh·kw·cin) int16 values; depthwise 3×3 with
 * multiplier 1 and padding ≤ 1 needs none, other multiplier-1 depthwise convs cin·kh·kw int16 values.
 * An estimate: the formulas change between CMSIS-NN releases and targets (MVE differs).
 */
export function scratchBytes(k: KernelGeometry, library: KernelLibrary): number {
  if (library === 'reference') return 0;
  const pads = [samePad(k.inputHW[0], k.kh, k.strides[0]), samePad(k.inputHW[1], k.kw, k.strides[1])];
  const pad = k.padding === 'same' ? Math.max(...pads) : 0;
  if (k.op === 'conv2d') {
    if (k.kh === 1 && k.kw === 1 && pad === 0) return 0;
    const cols = k.kh * k.kw * k.cin;
    return 2 * (Math.ceil(cols / 4) * 4) * 2;
  }
  const multiplier = k.cout / k.cin;
  if (multiplier !== 1) return 0;
  if (k.kh === 3 && k.kw === 3 && pad <= 1) return 0;
  return k.cin * k.kh * k.kw * 2;
}

/** The arena split into what is known: planned activations, kernel scratch, per-channel quantization data. */
export interface ArenaBreakdown {
  readonly kernels: KernelLibrary;
  /** Greedy-planned activation buffers only, bytes (exact TFLM emulation). */
  readonly activationBytes: number;
  /** Greedy plan of activations plus each op's scratch buffer (alive during that op only), bytes. */
  readonly nonPersistentBytes: number;
  /** Largest single scratch buffer, bytes, and its operator. */
  readonly largestScratch: { readonly operator: string; readonly bytes: number } | null;
  /**
   * Persistent bytes we can count: an int32 output multiplier and shift per output channel of every
   * conv / depthwise (TFLM's per-channel OpData). Other persistent allocations (tensor and node
   * structs, op data headers) depend on the TFLM build and are not included.
   */
  readonly perChannelQuantizationBytes: number;
}

/** Break the arena down for a plan and an order (indices into `plan.ops`). */
export function arenaBreakdown(plan: PlanGraph, spans: readonly Lifetime[], order: readonly number[], kernels: KernelLibrary = 'reference'): ArenaBreakdown {
  const scratch = order.map((opIndex, step) => {
    const op = plan.ops[opIndex]!;
    return { operator: op.name, step, bytes: op.kernel ? scratchBytes(op.kernel, kernels) : 0 };
  });
  const withScratch = [...spans, ...scratch.filter((s) => s.bytes > 0).map((s) => ({ id: `${s.operator}/scratch`, bytes: s.bytes, first: s.step, last: s.step }))];
  const largest = scratch.reduce<(typeof scratch)[number] | undefined>((m, s) => (s.bytes > (m?.bytes ?? 0) ? s : m), undefined);
  return {
    kernels,
    activationBytes: greedyArena(spans).arenaBytes,
    nonPersistentBytes: greedyArena(withScratch).arenaBytes,
    largestScratch: largest ? { operator: largest.operator, bytes: largest.bytes } : null,
    perChannelQuantizationBytes: plan.ops.reduce((s, op) => s + (op.kernel ? 8 * op.kernel.cout : 0), 0),
  };
}
