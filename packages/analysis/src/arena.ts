import { inOrder, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import { reservedArenaBytes, tflmArena, tflmDescriptionOfDeployed, type TflmArena, type TflmKernelLibrary } from '@cnn-analyzer/memory-planner';

/** The TFLM kernel library a board's firmware links: from its first `tflm-*` runtime (reference kernels when it has none). */
export function boardKernels(device: { readonly runtimes: readonly { readonly runtime: string }[] }): TflmKernelLibrary {
  const tflm = device.runtimes.find((r) => r.runtime.startsWith('tflm-'))?.runtime ?? 'tflm-reference';
  if (tflm.includes('cmsis-nn')) return 'cmsis-nn';
  if (tflm.includes('esp-nn')) return 'esp-nn';
  return 'reference';
}

/**
 * TFLM's arena for the file the exporter writes for a deployed graph (for `deploy`: `--target tflm`), with the
 * kernel library's scratch and op data (in the given operator order), and the bytes a firmware reserves for it: the one arena figure the fit report
 * checks, `deploy` reserves and the dashboard shows.
 */
export function deploymentArena(deployed: DeployedGraph, kernels: TflmKernelLibrary, target: 'tflite' | 'tflm' = 'tflite', order?: readonly string[]): { readonly arena: TflmArena; readonly reservedBytes: number } {
  const arena = tflmArena(tflmDescriptionOfDeployed(order ? inOrder(deployed, order) : deployed, { target }), { kernels });
  return { arena, reservedBytes: reservedArenaBytes(arena) };
}
