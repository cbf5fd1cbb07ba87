/**
 * `@cnn-analyzer/exporter/size`: the exact size of the .tflite the exporter writes, and where its bytes go, from the
 * deployed graph — without TensorFlow.js (the package's main entry loads it) and without Node built-ins, so the
 * analysis pipeline, sweep workers and the browser can use it.
 */
export { modelFileSize, modelFileSizes, modelFileBytes, int8ModelBytes, deployedModelBytes } from './size/model-file-size.js';
export type { ModelSizeOptions } from './size/model-file-size.js';
export type { ModelFileOptions } from './size/deployed-layout.js';
export type { FileSizeBreakdown, FileSections, LayerBytes } from './tflite/size-breakdown.js';
