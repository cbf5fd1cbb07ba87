import { analyzeBench } from './analyze-bench.js';
import { memoryBench } from './memory-bench.js';
import { exportBench } from './export-bench.js';
import { latencyBench } from './latency-bench.js';
import { hostBench } from './host-bench.js';
import { sweepBench } from './sweep-bench.js';
import { pipelineBench } from './pipeline-bench.js';
import { offlinePlanBench } from './offline-plan-bench.js';
import { fidelityBench } from './fidelity-bench.js';
import { trainBench } from './train-bench.js';
import { optimizeBench } from './optimize-bench.js';
import { queueBench } from './queue-bench.js';
import { sizeBench } from './size-bench.js';
import type { BenchResult } from './measure.js';

/** Every benchmark of the project, run in one process so ratios compare like with like. */
const BENCHES: readonly { name: string; run: () => BenchResult[] | Promise<BenchResult[]> }[] = [
  { name: 'analyze', run: analyzeBench },
  { name: 'pipeline', run: pipelineBench },
  { name: 'memory', run: memoryBench },
  { name: 'export', run: exportBench },
  { name: 'latency', run: latencyBench },
  { name: 'host', run: hostBench },
  { name: 'sweep', run: sweepBench },
  { name: 'offline-plan', run: offlinePlanBench },
  { name: 'fidelity', run: fidelityBench },
  { name: 'train', run: trainBench },
  { name: 'optimize', run: optimizeBench },
  { name: 'queue', run: queueBench },
  { name: 'size', run: sizeBench },
];

const only = process.argv[2];
const rows: BenchResult[] = [];
for (const b of BENCHES) {
  if (only && b.name !== only) continue;
  process.stderr.write(`bench ${b.name} …\n`);
  rows.push(...(await b.run()));
}
const width = Math.max(...rows.map((r) => r.figure.length));
for (const r of rows) {
  const value = r.value >= 100 ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(2);
  process.stdout.write(`${r.bench.padEnd(14)} ${r.figure.padEnd(width)}  ${value.padStart(12)} ${r.unit}${r.note ? `   (${r.note})` : ''}\n`);
}
