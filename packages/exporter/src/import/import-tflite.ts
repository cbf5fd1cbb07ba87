import type { LayersModel } from '@tensorflow/tfjs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, setLayerWeights, type LayerWeights } from '@cnn-analyzer/builders';
import { readTflite } from '../tflite/read-tflite.js';
import { tfliteToGraph } from '../tflite/to-graph.js';
import { checkWeights, tfliteWeights } from './tflite-weights.js';
import { quantizeModel, type QuantizeOptions } from '../quantize/quantize-model.js';
import type { TfliteModel } from '../tflite/model.js';

/** A trained float model brought in from elsewhere: its IR graph and its float weights by IR node name (Keras layouts). */
export interface ImportedModel {
  readonly graph: LayerGraph;
  readonly weights: ReadonlyMap<string, LayerWeights>;
}

/**
 * Import a float .tflite file (as TensorFlow's converter writes it: BatchNorm folded into conv biases, activations
 * fused) with its weights: the graph has conv / depthwise / dense layers with their biases and no BatchNorm.
 */
export function importTflite(bytes: Uint8Array, name = 'imported'): ImportedModel {
  const model = readTflite(bytes);
  const imported = tfliteToGraph(model, name);
  const graph = { ...imported.graph, tensors: Object.fromEntries(Object.entries(imported.graph.tensors).map(([k, t]) => [k, { ...t, dtype: 'float32' as const }])) };
  const weights = tfliteWeights(model, imported);
  checkWeights(graph, weights);
  return { graph, weights };
}

/** The TensorFlow.js model of an imported graph with its imported weights (for calibration and as the float reference). */
export function importedTfjsModel(m: ImportedModel): LayersModel {
  const model = buildTfjsModel(m.graph);
  setLayerWeights(model, m.graph, m.weights);
  return model;
}

/**
 * Quantize an imported float model with this project's int8 quantizer: its weights set in a TensorFlow.js
 * model, activations calibrated on `options.representative` (or generated inputs), then `quantizeModel`.
 */
export function quantizeImported(m: ImportedModel, options: QuantizeOptions = {}): TfliteModel {
  const model = importedTfjsModel(m);
  try {
    return quantizeModel(m.graph, model, options);
  } finally {
    model.dispose();
  }
}
