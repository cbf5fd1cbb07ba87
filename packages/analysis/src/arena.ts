import type { Device } from '@cnn-analyzer/device';
import type { MemoryReport } from '@cnn-analyzer/memory-planner';

/**
 * Headroom over the planned arena for TFLM's persistent structs that the planner does not count yet, bytes.
 * (Interim: the exact persistent tail replaces it.)
 */
const PERSISTENT_HEADROOM = 4096;

/**
 * The tensor arena a TFLM deployment reserves: the planned activation buffers with the kernels' scratch, the
 * per-channel quantization data, and headroom for the rest of the persistent tail. The one arena figure the fit
 * report checks, `deploy` reserves and the dashboard shows.
 */
export function arenaBytes(memory: MemoryReport): number {
  return memory.breakdown.nonPersistentBytes + memory.breakdown.perChannelQuantizationBytes + PERSISTENT_HEADROOM;
}

/** The kernel library a board runtime runs TFLM with: CMSIS-NN on Arm boards' TFLM runtimes, else the reference kernels. */
export function kernelLibraryOf(device: Device, runtime?: string): 'reference' | 'cmsis-nn' {
  const name = device.latencyModel(runtime).runtime;
  return /cmsis/i.test(name) || (!/esp|reference/i.test(name) && /cortex-m/i.test(device.cpu.core)) ? 'cmsis-nn' : 'reference';
}
