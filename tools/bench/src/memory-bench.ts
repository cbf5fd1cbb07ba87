import { parseName } from '@cnn-analyzer/arch-spec';
import { deploymentView, optimalOrder, planReport } from '@cnn-analyzer/memory-planner';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import { medianMs, type BenchResult } from './measure.js';

/** The largest example models (224×224, 1000 classes); planning time with exact reordering on. */
const MODELS = [
  'mobilenetv1_1_224_c3_o1000',
  'mobilenetv2_1_224_c3_o1000_keras',
  'mobilenetv3large_1_224_c3_o1000_keras',
  'shufflenetv1_1_224_c3_o1000',
  'shufflenetv2_2_224_c3_o1000',
];

/** Planning time per model: default order vs exact optimal order, and the search's state count. */
export function memoryBench(): BenchResult[] {
  const rows: BenchResult[] = [];
  for (const name of MODELS) {
    const parsed = parseName(name, BUILTIN_ARCHITECTURES);
    const plan = deploymentView(parsed.architecture.create(parsed.factors as Record<string, unknown>).graph);
    const listed = medianMs(() => planReport(plan));
    const optimal = medianMs(() => planReport(plan, { order: 'optimal' }));
    const r = optimalOrder(plan);
    rows.push({
      bench: 'memory',
      figure: `${name} (${plan.ops.length} ops)`,
      value: optimal,
      unit: 'ms optimal order',
      note: `${r.method}, ${r.states} states, ${(optimal / listed).toFixed(1)}× the listed-order plan (${listed.toFixed(1)} ms); peak ${r.defaultPeakBytes} → ${r.peakBytes} B`,
    });
  }
  return rows;
}
