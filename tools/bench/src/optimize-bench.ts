import type { Architecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { availableParallelism } from 'node:os';
import { optimize } from '@cnn-analyzer/optimizer';
import { workerEvaluator } from '@cnn-analyzer/cli';
import type { BenchResult } from './measure.js';

/** The study's budgets (250 KB flash, 250 KB RAM, 60 M MACs) and its best variation per architecture (issue #15). */
const STUDY = { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024, maxMacs: 60e6 };
const CASES: readonly { arch: Architecture; fixed?: Record<string, unknown>; study: string; alpha: number; params: number }[] = [
  { arch: mobilenetV1 as unknown as Architecture, study: 'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3', alpha: 0.7, params: 171_743 },
  { arch: mobilenetV2 as unknown as Architecture, study: 'mobilenetv2_0.25_96_c3_o2_t5l256', alpha: 0.25, params: 138_366 },
  { arch: mobilenetV3 as unknown as Architecture, fixed: { squeeze: false }, study: 'mobilenetv3smallNSQ_0.3_96_c3_o2_l32pl128', alpha: 0.3, params: 78_664 },
  { arch: shufflenetV1 as unknown as Architecture, study: 'shufflenetv1_0.25_96_c3_o2_g1', alpha: 0.25, params: 71_030 },
  { arch: shufflenetV2 as unknown as Architecture, study: 'shufflenetv2_0.1_96_c3_o2_l128', alpha: 0.1, params: 56_058 },
];

/**
 * `optimize` per architecture at the study budgets: time, what it found against the study's best, evaluations/s. The
 * first run of each (what a user waits for, JIT still cold) gives the times; the steady-state rate is measured over a
 * further three passes of all five, nothing shared between searches.
 */
export async function optimizeBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const rate = { cold: { n: 0, ms: 0 }, warm: { n: 0, ms: 0 } };
  const search = (c: (typeof CASES)[number]) => optimize(c.arch, { constraints: STUDY, ...(c.fixed ? { fixed: c.fixed } : {}) });
  for (const c of CASES) {
    const t = performance.now();
    const r = await search(c);
    const ms = performance.now() - t;
    rate.cold.n += r.analyzed;
    rate.cold.ms += ms;
    const best = r.best.alpha;
    const verdict = best && best.alpha >= c.alpha && best.params >= c.params ? 'meets the study' : 'BELOW the study';
    rows.push({
      bench: 'optimize',
      figure: `${c.arch.name}${c.fixed ? ' (NSQ)' : ''}: time`,
      value: ms / 1000,
      unit: 's',
      note: best
        ? `found ${best.name} α ${best.alpha} ${best.params.toLocaleString('en-US')} params; study ${c.study} α ${c.alpha} ${c.params.toLocaleString('en-US')}: ${verdict}; ${r.analyzed} evaluations`
        : 'nothing within the constraints',
    });
  }
  for (let pass = 0; pass < 4; pass++) {
    for (const c of CASES) {
      const t = performance.now();
      const n = (await search(c)).analyzed;
      if (pass === 0) continue; // the JIT warms up on every architecture first
      rate.warm.n += n;
      rate.warm.ms += performance.now() - t;
    }
  }
  const perSecond = (x: { n: number; ms: number }): number => x.n / (x.ms / 1000);
  rows.push({ bench: 'optimize', figure: 'search evaluations (exact size, arena), steady state', value: perSecond(rate.warm), unit: 'evaluations/s', note: `${rate.warm.n} in ${(rate.warm.ms / 1000).toFixed(2)} s; goal ≥ 1,000/s` });
  rows.push({ bench: 'optimize', figure: 'search evaluations, first run (JIT cold)', value: perSecond(rate.cold), unit: 'evaluations/s', note: `${rate.cold.n} in ${(rate.cold.ms / 1000).toFixed(2)} s` });
  // a budgeted search (the five steps, then exploration near the best) on one thread and on one per core
  const threads = Math.max(2, availableParallelism());
  const budgeted = async (n: number): Promise<{ perSecond: number; analyzed: number }> => {
    const evaluator = workerEvaluator({ architecture: mobilenetV1.name, constraints: STUDY, withReports: false, threads: n });
    try {
      await optimize(mobilenetV1 as unknown as Architecture, { constraints: STUDY, budget: { evaluations: 1000 }, seed: 9, evaluator: evaluator.evaluate }); // warm-up, the workers' too
      const t = performance.now();
      const r = await optimize(mobilenetV1 as unknown as Architecture, { constraints: STUDY, budget: { evaluations: 3000 }, seed: 3, evaluator: evaluator.evaluate });
      return { perSecond: r.analyzed / ((performance.now() - t) / 1000), analyzed: r.analyzed };
    } finally {
      await evaluator.close();
    }
  };
  const one = await budgeted(1);
  const many = await budgeted(threads);
  rows.push({ bench: 'optimize', figure: `budgeted search (mobilenet-v1, 3,000 evaluations), ${threads} threads`, value: many.perSecond, unit: 'evaluations/s', note: `${(many.perSecond / one.perSecond).toFixed(2)}× one thread (${one.perSecond.toFixed(0)}/s); ${many.analyzed} analyzed; goal ≥ 1,000/s` });
  return rows;
}
