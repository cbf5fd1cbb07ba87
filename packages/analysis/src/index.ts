export { analyze, DEPLOY_WRITE_OPTIONS } from './analyze.js';
export type { Analysis, AnalysisInput, AnalysisOptions } from './analyze.js';
export type { AnalysisReport, AnalysisTotals, LayerRow, OperatorRow, MemorySummary, DeploymentFootprint, ModelFileSize } from './report.js';
export { boardKernels, deploymentArena } from './arena.js';
export { analyzeFigures } from './figures.js';
export type { VariationFigures, LayerFigure } from './figures.js';
