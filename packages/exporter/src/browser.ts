/**
 * The browser-safe part of the exporter (no Node built-ins, no TensorFlow.js): the `.tflite` reader and writer, the
 * mapping of a file to the layer-graph IR, the exact int8 model size, the file's size breakdown and C arrays.
 * `@cnn-analyzer/exporter/browser`; the main entry re-exports all of it.
 */
export { readTflite } from './tflite/read-tflite.js';
export { writeTflite } from './tflite/write-tflite.js';
export type { WriteOptions } from './tflite/write-tflite.js';
export { TfliteFormatError, TfliteImportError } from './tflite/format-error.js';
export { tfliteToGraph } from './tflite/to-graph.js';
export type { ImportedGraph } from './tflite/to-graph.js';
export type { TfliteModel, TfliteSubgraph, TfliteTensor, TfliteOperator, TfliteOperatorCode, TfliteQuantization, TfliteOptions } from './tflite/model.js';
export { toCArray } from './carray/c-array.js';
export type { CArrayFiles, CArrayOptions } from './carray/c-array.js';
export { int8ModelBytes, deployedModelBytes, modelFileSize, modelFileSizes, modelFileBytes } from './size/model-file-size.js';
export type { ModelSizeOptions } from './size/model-file-size.js';
export { assembleDeployed } from './quantize/assemble-deployed.js';
export { activationParams, quantizeSymmetric, quantizeBias, PROBABILITY_PARAMS } from './quantize/qparams.js';
export { fileSizeBreakdown } from './tflite/size-breakdown.js';
export type { FileSizeBreakdown, FileSections, LayerBytes } from './tflite/size-breakdown.js';
export { tflmDescriptionOf, offlineOffsetsOf, encodeOfflinePlan, withOfflinePlan, OFFLINE_PLAN_METADATA } from './tflite/tflm-description.js';
export { forTarget } from './tflite/tflm-target.js';
export type { TfliteTarget } from './tflite/tflm-target.js';
