export { readTflite } from './tflite/read-tflite.js';
export { TfliteFormatError } from './tflite/format-error.js';
export { tfliteToGraph } from './tflite/to-graph.js';
export type { ImportedGraph } from './tflite/to-graph.js';
export type { TfliteModel, TfliteSubgraph, TfliteTensor, TfliteOperator, TfliteOperatorCode, TfliteQuantization, TfliteOptions } from './tflite/model.js';
