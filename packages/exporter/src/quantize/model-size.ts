import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import type { DeployedGraph } from '@cnn-analyzer/deployed-graph';
import { writeTflite, type WriteOptions } from '../tflite/write-tflite.js';
import { assembleDeployed } from './assemble-deployed.js';

/**
 * The model size as it was computed before `modelFileSize`: the model assembled with stand-in weight buffers of the
 * same alignment, written with the flatbuffers Builder, and the bytes left out added back (about 100× slower).
 * Kept as the benchmarks' baseline.
 */
export function standInModelBytes(graph: LayerGraph, deployed: DeployedGraph, options: WriteOptions = {}): number {
  const layout = { skipped: 0 };
  const noWeights = (): never => {
    throw new Error('layout only: no weights are read');
  };
  const model = assembleDeployed(graph, deployed, noWeights, new Map(), undefined, layout);
  return writeTflite(model, options).length + layout.skipped;
}
