export { run, createProgram } from './program.js';
export { captureIo, processIo } from './io.js';
export type { Io } from './io.js';
export { resolveModel, DEFAULT_MODEL } from './model-spec.js';
export type { ResolvedModel } from './model-spec.js';
export { analyzeModel } from './commands/analyze.js';
export type { AnalyzeReport } from './commands/analyze.js';
export { BUILTIN_ARCHITECTURES } from './architectures.js';
export { UsageError, EXIT } from './usage-error.js';
