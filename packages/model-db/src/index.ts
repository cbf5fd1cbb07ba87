export { openModelDb, SCHEMA_VERSION, ModelDbError } from './database.js';
export type { ModelDb } from './database.js';
export { recordAnalysis, recordExport, recordMemoryPlan, recordTrainingRun } from './record.js';
export type { AnalysisRecord, AnalysisRecordTotals, LayerRecord, TrainingRunRecord } from './record.js';
export { listVariations, getVariation, toCsv, SORTABLE } from './query.js';
export type { VariationRow, ListOptions, SortKey } from './query.js';
export { beginSweep, recordSweepItem, finishSweep, getSweep, listSweeps, sweepItems } from './sweeps.js';
export type { SweepRecord, SweepItem, SweepStatus } from './sweeps.js';
