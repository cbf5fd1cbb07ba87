import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import { writeTflite, type WriteOptions } from '../tflite/write-tflite.js';
import { assembleDeployed } from './assemble-deployed.js';

/**
 * Bytes of the int8 .tflite the exporter writes for a graph, without weights: the flatbuffer's layout depends only
 * on the tensors, shapes, names and operators — not on weight values or calibrated ranges — so the model is
 * assembled with stand-in weight buffers of the same alignment, written, and the bytes left out are added back.
 * Arithmetic on the deployed graph: a model with a billion parameters costs what a small one does.
 */
export function int8ModelBytes(graph: LayerGraph, options: WriteOptions & { floatIO?: boolean } = {}): number {
  return deployedModelBytes(graph, deployGraph(graph, { floatIO: options.floatIO ?? false }), options);
}

/** {@link int8ModelBytes} of a graph already lowered. */
export function deployedModelBytes(graph: LayerGraph, deployed: DeployedGraph, options: WriteOptions = {}): number {
  const layout = { skipped: 0 };
  const noWeights = (): never => {
    throw new Error('layout only: no weights are read');
  };
  const model = assembleDeployed(graph, deployed, noWeights, new Map(), undefined, layout);
  return writeTflite(model, options).length + layout.skipped;
}
