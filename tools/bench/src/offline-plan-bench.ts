import { parseName } from '@cnn-analyzer/arch-spec';
import { alignUp, deploymentView, lifetimes, planReport, TFLM_BUFFER_ALIGNMENT } from '@cnn-analyzer/memory-planner';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import type { BenchResult } from './measure.js';

const FAMILIES = ['mobilenetv1', 'mobilenetv2', 'mobilenetv3small', 'mobilenetv3large', 'shufflenetv1', 'shufflenetv2'];
const ALPHAS = ['0.25', '0.35', '0.5', '0.75', '1'];
const RESOLUTIONS = [96, 128, 160, 192];

/** The grid: every family × width × resolution, 2 classes (names the plugins reject are skipped). */
export function offlineGrid(): string[] {
  const names: string[] = [];
  for (const f of FAMILIES) for (const a of ALPHAS) for (const r of RESOLUTIONS) names.push(`${f}_${a}_${r}_c3_o2`);
  return names.filter((n) => {
    try {
      parseName(n, BUILTIN_ARCHITECTURES);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Arena saving of the offline plan (`export --memory-plan offline`) against TFLM's own greedy
 * plan, over a grid of variations of the five architectures. Both are TFLM's planned head on the
 * deployed graph (the persistent tail is the same with or without the plan, so the head saving is
 * the whole arena saving).
 */
export function offlinePlanBench(): BenchResult[] {
  const rows = offlineGrid().map((name) => {
    const parsed = parseName(name, BUILTIN_ARCHITECTURES);
    const plan = deploymentView(parsed.architecture.create(parsed.factors as Record<string, unknown>).graph);
    const r = planReport(plan);
    // no placement can go below the largest sum of (aligned) buffers alive at one step
    const spans = lifetimes(plan);
    const steps = Math.max(0, ...spans.map((s) => s.last));
    let bound = 0;
    for (let t = 0; t <= steps; t++) bound = Math.max(bound, spans.filter((s) => s.first <= t && s.last >= t).reduce((a, s) => a + alignUp(s.bytes, TFLM_BUFFER_ALIGNMENT), 0));
    return { name, greedy: r.arenaBytes, offline: r.offlineArenaBytes, bound };
  });
  const savings = rows.map((r) => ({ ...r, bytes: r.greedy - r.offline, share: (r.greedy - r.offline) / r.greedy }));
  const mean = savings.reduce((s, r) => s + r.share, 0) / savings.length;
  const best = savings.reduce((m, r) => (r.share > m.share ? r : m));
  const improved = savings.filter((r) => r.bytes > 0).length;
  const greedyAtBound = savings.filter((r) => r.greedy === r.bound).length;
  const offlineAtBound = savings.filter((r) => r.offline === r.bound).length;
  return [
    { bench: 'offline-plan', figure: `mean arena saving vs TFLM greedy (${savings.length} variations)`, value: mean * 100, unit: '%', note: `${improved} of ${savings.length} smaller, mean ${Math.round(savings.reduce((s, r) => s + r.bytes, 0) / savings.length).toLocaleString('en-US')} B; the live-bytes lower bound is reached by TFLM's greedy in ${greedyAtBound}, by the offline plan in ${offlineAtBound}` },
    { bench: 'offline-plan', figure: 'best arena saving vs TFLM greedy', value: best.share * 100, unit: '%', note: `${best.name}: ${best.greedy.toLocaleString('en-US')} → ${best.offline.toLocaleString('en-US')} B` },
  ];
}
