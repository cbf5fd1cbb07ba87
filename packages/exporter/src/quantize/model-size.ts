import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { elementCount } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';
import { nodeWeights } from '@cnn-analyzer/metrics';
import { writeTflite, type WriteOptions } from '../tflite/write-tflite.js';
import { assembleTflite } from './quantize-model.js';

/**
 * Bytes of the int8 .tflite the exporter writes for a graph. The flatbuffer's layout depends only on
 * the tensors, shapes, names and operators — not on weight values or calibrated ranges — so the model
 * is assembled with zero weights and unit ranges, without TensorFlow.js, and measured.
 */
export function int8ModelBytes(graph: LayerGraph, options: WriteOptions & { floatIO?: boolean } = {}): number {
  const weights = new Map<string, LayerWeights>();
  for (const node of graph.nodes) {
    const ws = nodeWeights(graph, node);
    if (ws.length === 0) continue;
    const values = ws.map((w) => new Float32Array(elementCount(w.shape)));
    if (node.op === 'batchNorm') values[3]!.fill(1); // moving variance
    weights.set(node.name, { shapes: ws.map((w) => w.shape), values });
  }
  return writeTflite(assembleTflite(graph, weights, new Map(), options), options).length;
}
