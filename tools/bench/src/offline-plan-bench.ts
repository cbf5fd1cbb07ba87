import { parseName } from '@cnn-analyzer/arch-spec';
import { deploymentView, planReport } from '@cnn-analyzer/memory-planner';
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
    const r = planReport(deploymentView(parsed.architecture.create(parsed.factors as Record<string, unknown>).graph));
    return { name, greedy: r.arenaBytes, offline: r.offlineArenaBytes };
  });
  const savings = rows.map((r) => ({ ...r, bytes: r.greedy - r.offline, share: (r.greedy - r.offline) / r.greedy }));
  const mean = savings.reduce((s, r) => s + r.share, 0) / savings.length;
  const best = savings.reduce((m, r) => (r.share > m.share ? r : m));
  const improved = savings.filter((r) => r.bytes > 0).length;
  return [
    { bench: 'offline-plan', figure: `mean arena saving vs TFLM greedy (${savings.length} variations)`, value: mean * 100, unit: '%', note: `${improved} of ${savings.length} smaller, mean ${Math.round(savings.reduce((s, r) => s + r.bytes, 0) / savings.length).toLocaleString('en-US')} B` },
    { bench: 'offline-plan', figure: 'best arena saving vs TFLM greedy', value: best.share * 100, unit: '%', note: `${best.name}: ${best.greedy.toLocaleString('en-US')} → ${best.offline.toLocaleString('en-US')} B` },
  ];
}
