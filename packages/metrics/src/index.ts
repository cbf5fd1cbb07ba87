export { analyzeGraph, layerMetrics, nodeWeights } from './layer-metrics.js';
export type { LayerMetrics, MetricsTotals, GraphMetrics } from './layer-metrics.js';
export { macsOf, flopsOf } from './op-costs.js';
