export { opsPerSecond, medianMs } from './measure.js';
export type { BenchResult } from './measure.js';
