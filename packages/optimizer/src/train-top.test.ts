import { describe, expect, it } from 'vitest';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import { optimize } from './search.js';
import type { Evaluation, EvaluationStore } from './evaluate.js';
import { shortlist, trainShortlist } from './train-top.js';

// A small search: MobileNet v1 at 32×32 under 40 KB of flash, 120 evaluations, every evaluation kept.
const seen = new Map<string, Evaluation>();
const store: EvaluationStore = { get: () => undefined, put: (e) => void seen.set(e.name, e) };
const result = await optimize(mobilenetV1 as unknown as Architecture, { constraints: { maxFlashBytes: 40 * 1024 }, fixed: { resolution: 32 }, budget: { evaluations: 120 }, store });
const evaluated = [...seen.values()];
const passing = evaluated.filter((e) => e.violations.length === 0);

describe('the shortlist a search trains', () => {
  it('holds the k passing variations with the largest α, then the most params; never one that breaks a constraint', async () => {
    expect(passing.length).toBeGreaterThanOrEqual(3);
    const k = shortlist(result, 3, evaluated);
    const expected = [...passing].sort((a, b) => b.alpha - a.alpha || b.params - a.params).slice(0, 3).map((e) => e.name);
    expect(k.map((c) => c.name)).toEqual(expected);
    expect(k[0]!.name).toBe(result.best.alpha!.name);
    expect(shortlist(result, 1000, evaluated)).toHaveLength(passing.length);
    expect(() => shortlist(result, 0)).toThrow('train-top: 0 must be a whole number ≥ 1');
  });

  it('trains them in order and picks the most accurate by int8 accuracy, float where there is none', async () => {
    const names: string[] = [];
    // accuracies the caller measured (here: given), lowest for the largest α
    const acc = [{ floatAccuracy: 0.7, int8Accuracy: 0.6 }, { floatAccuracy: 0.9, int8Accuracy: 0.85 }, { floatAccuracy: 0.95 }];
    const t = await trainShortlist(result, 3, async (c, i, total) => {
      names.push(`${i + 1}/${total} ${c.name}`);
      return { ...acc[i]!, epochs: 1 };
    }, evaluated);
    expect(names).toEqual(t.shortlist.map((n, i) => `${i + 1}/3 ${n}`));
    expect(t.best!.candidate.name).toBe(t.shortlist[2]); // 0.95 float (no int8) beats 0.85 int8
    const again = await trainShortlist(result, 2, async (_c, i) => ({ ...acc[i]!, epochs: 1 }), evaluated);
    expect(again.best!.candidate.name).toBe(again.shortlist[1]);
  });
});
