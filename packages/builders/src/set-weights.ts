import * as tf from '@tensorflow/tfjs';
import { CnnAnalyzerError, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { layerName } from './build-model.js';
import type { LayerWeights } from './inspect.js';

/**
 * Set the weights of a model built by `buildTfjsModel` from float weights by IR node name (Keras order and
 * layouts, as {@link layerWeights} returns them). Every layer of the model that has weights must be given
 * them, with the shapes the layer expects.
 */
export function setLayerWeights(model: tf.LayersModel, graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>): void {
  for (const node of graph.nodes) {
    const layer = model.layers.find((l) => l.name === layerName(node.name));
    if (!layer || layer.weights.length === 0) continue;
    const w = weights.get(node.name);
    if (!w) throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(node.name)} (${node.op}) has no weights to set`, `nodes.${node.name}`, node.op);
    const expected = layer.weights.map((v) => v.shape.join('x'));
    const given = w.shapes.map((s) => s.join('x'));
    if (expected.join() !== given.join()) {
      throw new CnnAnalyzerError(`${graph.name}: layer ${JSON.stringify(node.name)}: weights of shapes [${given.join(', ')}] given, the layer has [${expected.join(', ')}]`, `nodes.${node.name}`, given.join(', '));
    }
    const tensors = w.values.map((v, i) => tf.tensor(v, [...w.shapes[i]!]));
    layer.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  }
}
