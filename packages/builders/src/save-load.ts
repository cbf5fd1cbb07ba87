import * as tf from '@tensorflow/tfjs';
import './custom-layers.js';

/** A saved tfjs model in memory: topology and weights. */
export type SavedModel = tf.io.ModelArtifacts;

/** Serialize a model (topology JSON + weight bytes) without touching the file system. */
export async function saveToMemory(model: tf.LayersModel): Promise<SavedModel> {
  let saved: SavedModel | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
}

/** Load a model saved by {@link saveToMemory}; custom layers are registered by this package. */
export function loadFromMemory(saved: SavedModel): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}
