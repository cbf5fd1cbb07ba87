import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import type { FileSizeBreakdown } from '../tflite/size-breakdown.js';
import type { WriteOptions } from '../tflite/write-tflite.js';
import { deployedLayout, type ModelFileOptions } from './deployed-layout.js';
import { tfliteFileBytes, tfliteFileSize } from './tflite-layout.js';

/** Which file to size: the write options and the export options (`--target`, `--memory-plan offline`, `--order`). */
export type ModelSizeOptions = WriteOptions & ModelFileOptions;

/**
 * The exact size of the int8 .tflite the exporter writes for a deployed graph, and where its bytes go (sections and
 * per layer, as `fileSizeBreakdown` reads them off the written file) — computed from the deployed graph by the
 * flatbuffer layout rules (alignment, vtables and their sharing, vector lengths, strings, 16-byte buffer alignment,
 * metadata), without weights, calibration or writing a byte. Microseconds per model.
 */
export function modelFileSize(graph: LayerGraph, deployed: DeployedGraph, options: ModelSizeOptions = {}): FileSizeBreakdown {
  return tfliteFileSize(deployedLayout(graph, deployed, options), options);
}

/**
 * {@link modelFileSize}'s `fileBytes` alone — the same layout arithmetic, without the section and per-layer breakdown:
 * the total a search compares against a flash budget (bytes).
 */
export function modelFileBytes(graph: LayerGraph, deployed: DeployedGraph, options: ModelSizeOptions = {}): number {
  return tfliteFileBytes(deployedLayout(graph, deployed, options), options);
}

/** {@link modelFileSize} of one file (`--target`, offline plan, order) written with several write options: one layout, several sizes. */
export function modelFileSizes(graph: LayerGraph, deployed: DeployedGraph, file: ModelFileOptions, writes: readonly WriteOptions[]): FileSizeBreakdown[] {
  const layout = deployedLayout(graph, deployed, file);
  return writes.map((w) => tfliteFileSize(layout, w));
}

/** Bytes of the int8 .tflite the exporter writes for a graph (see {@link modelFileSize}). */
export function int8ModelBytes(graph: LayerGraph, options: ModelSizeOptions & { readonly floatIO?: boolean } = {}): number {
  return modelFileBytes(graph, deployGraph(graph, { floatIO: options.floatIO ?? false }), options);
}

/** {@link int8ModelBytes} of a graph already lowered. */
export function deployedModelBytes(graph: LayerGraph, deployed: DeployedGraph, options: ModelSizeOptions = {}): number {
  return modelFileBytes(graph, deployed, options);
}
