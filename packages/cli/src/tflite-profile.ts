import type { HostBenchmarkOp } from '@cnn-analyzer/model-db';

/**
 * The operators of TensorFlow Lite's profiling summary (`GetProfilingSummary`): the "Run Order" table of the
 * interpreter and, when a delegate (XNNPack) ran part of the model, the "Run Order" table of its internal
 * operators, in that order. Each row: node type, its name and the average ms per run after the first (the
 * profiler accumulates every run since the model was loaded; the first one also sets the kernels up, so it is
 * taken out: (average · runs − first) / (runs − 1)).
 */
export function parseTfliteProfile(summary: string): HostBenchmarkOp[] {
  const ops: HostBenchmarkOp[] = [];
  let inRunOrder = false;
  for (const line of summary.split('\n')) {
    if (line.includes('=====')) {
      inRunOrder = line.includes('Run Order');
      continue;
    }
    if (!inRunOrder || line.includes('[node type]')) continue;
    const cols = line.split('\t').map((c) => c.trim()).filter((c) => c !== '');
    // node type, first, avg ms, %, cdf%, mem KB, times called, name
    if (cols.length < 8) continue;
    const [first, avg, runs] = [Number(cols[1]), Number(cols[2]), Number(cols[6])];
    if (!Number.isFinite(first) || !Number.isFinite(avg) || !Number.isInteger(runs) || runs < 1) continue;
    const avgMs = runs > 1 ? Math.max(0, (avg * runs - first) / (runs - 1)) : avg;
    ops.push({ op: cols[0]!, node: cols.slice(7).join(' ').replace(/^\[|\]:\d+$/g, ''), avgMs });
  }
  return ops;
}
