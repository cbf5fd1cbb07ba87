import { parentPort, workerData } from 'node:worker_threads';
import { analyzePoint } from './analyze-point.js';
import type { GridPoint } from './grid.js';
import type { AnalysisTarget } from './analyze-point.js';

/** Sweep worker thread: analyzes each grid point it is sent and posts the result back; `null` ends it. */
const { architecture, target } = workerData as { architecture: string; target?: AnalysisTarget };
parentPort!.on('message', (point: GridPoint | null) => {
  if (point === null) {
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(analyzePoint(architecture, point, target));
});
