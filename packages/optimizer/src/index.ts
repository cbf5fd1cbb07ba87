export { optimize } from './search.js';
export type { SearchOptions, SearchResult } from './search.js';
export { evaluateVariation } from './evaluate.js';
export type { ConstraintMetric, Evaluation, EvaluationStore, LayerFigures, SearchConstraints, Violation } from './evaluate.js';
export type { HeldBy, TrailAction, TrailStep } from './trail.js';
export type { Candidate } from './pareto.js';
export { paretoFront } from './pareto.js';
export { alphaValues, cutFactors } from './space.js';
export type { CutFactor } from './space.js';
