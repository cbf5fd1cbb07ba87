import { describe, expect, it } from 'vitest';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import { inThreadEvaluator, optimize, type VariationEvaluator } from './search.js';
import type { Evaluation, EvaluationStore } from './evaluate.js';

/** The study's budgets: 250 KB flash, 250 KB RAM (KB = 1024 bytes), 60 M MACs. */
const STUDY = { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024, maxMacs: 60e6 };

/** The best variation per architecture in the study's results table (issue #15, "Done when"). */
const STUDY_BEST: readonly { arch: Architecture; fixed?: Record<string, unknown>; alpha: number; params: number }[] = [
  { arch: mobilenetV1 as unknown as Architecture, alpha: 0.7, params: 171_743 },
  { arch: mobilenetV2 as unknown as Architecture, alpha: 0.25, params: 138_366 },
  { arch: mobilenetV3 as unknown as Architecture, fixed: { squeeze: false }, alpha: 0.3, params: 78_664 },
  { arch: shufflenetV1 as unknown as Architecture, alpha: 0.25, params: 71_030 },
  { arch: shufflenetV2 as unknown as Architecture, alpha: 0.1, params: 56_058 },
];

describe('optimize at the study budgets', () => {
  for (const { arch, fixed, alpha, params } of STUDY_BEST) {
    it(`${arch.name}: finds a variation within every constraint with α ≥ ${alpha} and params ≥ ${params}`, async () => {
      const r = await optimize(arch, { constraints: STUDY, ...(fixed ? { fixed } : {}) });
      const best = r.best.alpha!;
      expect(best.violations).toEqual([]);
      expect(best.modelSizeBytes).toBeLessThanOrEqual(STUDY.maxFlashBytes);
      expect(best.arenaBytes).toBeLessThanOrEqual(STUDY.maxRamBytes);
      expect(best.macs).toBeLessThanOrEqual(STUDY.maxMacs);
      expect(best.alpha).toBeGreaterThanOrEqual(alpha);
      expect(best.params).toBeGreaterThanOrEqual(params);
      expect(r.complete).toBe(true);
      expect(r.trail[0]!.action).toBe('defaults');
      expect(r.pareto.length).toBeGreaterThan(0);
      for (const p of r.pareto) expect(p.violations).toEqual([]);
    }, 120_000);
  }
});

describe('optimize: the trail tells the study story for MobileNet v1', () => {
  it('cuts the last and penultimate layer channels because those layers hold the most params, and lowers α on RAM', async () => {
    const r = await optimize(mobilenetV1 as unknown as Architecture, { constraints: STUDY });
    const cuts = r.trail.filter((t) => t.action === 'cut');
    expect(cuts[0]!.heldBy!.layer).toBe('conv_pw_13');
    expect(cuts[0]!.factor!.key).toBe('lastLayerChannels');
    expect(cuts[1]!.factor!.key).toBe('penultimateLayerChannels');
    const lower = r.trail.find((t) => t.action === 'lower-alpha')!;
    expect(lower.failed.map((f) => f.metric)).toContain('ram');
    expect(lower.heldBy!.scaling).toEqual(['alpha']);
  }, 120_000);
});

describe('optimize: deterministic and resumable', () => {
  const arch = shufflenetV2 as unknown as Architecture;
  it('gives the same result for the same seed and budget', async () => {
    const a = await optimize(arch, { constraints: STUDY, budget: { evaluations: 40 }, seed: 7 });
    const b = await optimize(arch, { constraints: STUDY, budget: { evaluations: 40 }, seed: 7 });
    expect(b).toEqual(a);
    expect(a.evaluated).toBe(40);
  }, 120_000);

  it('resumes from a store: a run cut short by its budget, then a full run, equals one full run and re-analyzes nothing stored', async () => {
    const saved = new Map<string, Evaluation>();
    const store: EvaluationStore = { get: (n) => saved.get(n), put: (e) => void saved.set(e.name, e) };
    const partial = await optimize(arch, { constraints: STUDY, store, budget: { evaluations: 8 } });
    expect(partial.complete).toBe(false);
    const resumed = await optimize(arch, { constraints: STUDY, store });
    const fresh = await optimize(arch, { constraints: STUDY });
    expect(resumed.analyzed).toBe(fresh.analyzed - 8);
    expect({ ...resumed, analyzed: 0 }).toEqual({ ...fresh, analyzed: 0 });
  }, 120_000);
});

describe('optimize: budget', () => {
  it('spends what the five steps leave on seeded exploration, and different seeds explore differently', async () => {
    const arch = shufflenetV2 as unknown as Architecture;
    const a = await optimize(arch, { constraints: STUDY, budget: { evaluations: 40 }, seed: 1 });
    const b = await optimize(arch, { constraints: STUDY, budget: { evaluations: 40 }, seed: 2 });
    expect(a.complete).toBe(true);
    expect(a.evaluated).toBe(40);
    expect(a.trail.some((t) => t.action === 'explore')).toBe(true);
    expect(a.trail.map((t) => t.name)).not.toEqual(b.trail.map((t) => t.name));
  }, 120_000);
});

describe('optimize: evaluators', () => {
  it('gives the same result whatever evaluates the batches (here: in reverse order), and hands the exploration over in batches', async () => {
    const arch = shufflenetV2 as unknown as Architecture;
    const inner = inThreadEvaluator(arch, STUDY, {});
    const sizes: number[] = [];
    const reversed: VariationEvaluator = async (sets) => {
      sizes.push(sets.length);
      return [...(await inner([...sets].reverse()))].reverse();
    };
    const a = await optimize(arch, { constraints: STUDY, budget: { evaluations: 150 }, seed: 5 });
    const b = await optimize(arch, { constraints: STUDY, budget: { evaluations: 150 }, seed: 5, evaluator: reversed });
    expect(b).toEqual(a);
    expect(a.evaluated).toBe(150);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.reduce((x, y) => x + y, 0)).toBe(150);
  }, 120_000);

  it('explores past the best one neighbourhood: a large budget is spent on distinct variations', async () => {
    const r = await optimize(shufflenetV2 as unknown as Architecture, { constraints: STUDY, budget: { evaluations: 600 }, seed: 2 });
    expect(r.evaluated).toBe(600);
    expect(new Set(r.trail.filter((t) => t.action === 'explore').map((t) => t.name)).size).toBe(r.trail.filter((t) => t.action === 'explore').length);
  }, 120_000);
});
