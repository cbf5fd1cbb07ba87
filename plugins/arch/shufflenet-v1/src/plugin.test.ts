import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { shufflenetV1 } from './plugin.js';
import { stageWidths, unitChannels } from './channels.js';

// No exact independent total exists for the study's ShuffleNet v1: its notebooks print no summary of it
// (searched every output of the mirror's notebooks; 10 and 12 are missing from the mirror), and the paper's
// FLOPs use an ungrouped first stage-2 conv. The totals below are counted by hand from REFERENCE-ARCHITECTURES.md.
architectureConformance(shufflenetV1);

describe('shufflenet-v1 specifics', () => {
  const graphOf = (name: string) => shufflenetV1.create(parseName(name, [shufflenetV1]).factors as Record<string, unknown>).graph;

  it('has the widths of REFERENCE-ARCHITECTURES.md for α=0.25, g=1: stages 36/72/144, bottlenecks 9/18/36', () => {
    expect(stageWidths({ alpha: 0.25, groups: 1 })).toEqual([36, 72, 144]);
    const units = unitChannels({ alpha: 0.25, groups: 1 });
    expect([units[0]!.bottleneck, units[4]!.bottleneck, units[12]!.bottleneck]).toEqual([9, 18, 36]);
    expect(units.map((u) => u.stride).join('')).toBe('2111' + '21111111' + '2111');
  });

  it('keeps MISSION.md\'s explicit g1 in the canonical name (default g = 3) and leaves g3 out', () => {
    const parsed = parseName('shufflenetv1_0.25_96_c3_o2_g1', [shufflenetV1]);
    expect(parsed.factors).toMatchObject({ alpha: 0.25, groups: 1 });
    expect(parsed.canonical).toBe('shufflenetv1_0.25_96_c3_o2_g1');
    expect(parseName('shufflenetv1_0.5_96_c3_o2_g3', [shufflenetV1]).canonical).toBe('shufflenetv1_0.5_96_c3_o2');
  });

  it('totals α=0.25, g=1 as counted by hand: 71,030 params, 3,184,560 MACs', () => {
    // Params (conv weights + biases, 4 per BN channel): stem 672 + BN 96; stage 2 unit 1 (24 → 9 → 12) 555,
    // units 2–4 (36 → 9 → 36) 3 × 999; stage 3 unit 1 (36 → 18 → 36) 1,818, units 2–8 (72 → 18 → 72) 7 × 3,294;
    // stage 4 unit 1 (72 → 36 → 72) 6,228, units 2–4 (144 → 36 → 144) 3 × 11,772; dense 144·2 + 2 = 290.
    // MACs: stem 48²·27·24 = 1,492,992; stage 2: 24·9·24² + 9·9·12² + 9·12·12² + 3 × (36·9 + 9·9 + 9·36)·12²;
    // stage 3: 36·18·12² + (9·18 + 18·36)·6² + 7 × (72·18 + 9·18 + 18·72)·6²; stage 4: 72·36·6² +
    // (9·36 + 36·72)·3² + 3 × (144·36 + 9·36 + 36·144)·3²; dense 288.
    const { totals } = analyzeGraph(graphOf('shufflenetv1_0.25_96_c3_o2_g1'));
    expect(totals.params).toBe(71_030);
    expect(totals.macs).toBe(3_184_560);
  });

  it('counts a stride-2 unit by hand (α=0.25, g=1, stage 2, 24 → 36 channels at 24×24 → 12×12)', () => {
    const { layers } = analyzeGraph(graphOf('shufflenetv1_0.25_96_c3_o2_g1'));
    const l = (n: string) => layers.find((x) => x.name === `stage2_unit1_${n}`)!;
    expect(l('gconv1').params).toBe(24 * 9 + 9); // 1×1, 24 → 9, bias
    expect(l('dwconv').params).toBe(9 * 9 + 9); // 3×3 depthwise on 9 channels, bias
    expect(l('gconv2').params).toBe(9 * 12 + 12); // 1×1, 9 → 36 − 24 = 12, bias
    expect(l('gconv1').macs).toBe(24 * 9 * 24 * 24);
    expect(l('concat').outputShape).toEqual([12, 12, 36]);
  });

  it('divides grouped-conv MACs by g (the study over-counted them)', () => {
    const { layers } = analyzeGraph(graphOf('shufflenetv1_0.25_96_c3_o2_g8'));
    const gconv = layers.find((x) => x.name === 'stage3_unit2_gconv1')!;
    // stage 3 width make_divisible(768·0.25, 16) = 192, bottleneck 48, 6×6 map, 8 groups.
    expect(gconv.macs).toBe((192 / 8) * 48 * 6 * 6);
    expect(gconv.params).toBe((192 / 8) * 48 + 48);
  });

  it('builds any α the group rule admits, such as the study\'s 0.2 (widths as its _make_divisible(v, 2g) rounds them)', () => {
    // Study code: channels = _make_divisible(base·2^i·α, 2g) with Keras' rounding (half up, +divisor when >10 % lost).
    // α = 0.2, g = 1: 144·0.2 = 28.8 → int(29.8) // 2 · 2 = 28; 57.6 → 58; 115.2 → 116; bottlenecks 7, 14, 29.
    expect(stageWidths({ alpha: 0.2, groups: 1 })).toEqual([28, 58, 116]);
    const parsed = parseName('shufflenetv1_0.2_96_c3_o2_g1', [shufflenetV1]);
    expect(parsed.canonical).toBe('shufflenetv1_0.2_96_c3_o2_g1');
    const { layers } = analyzeGraph(shufflenetV1.create(parsed.factors as Record<string, unknown>).graph);
    expect(layers.find((l) => l.name === 'stage2_unit1_gconv2')!.outputChannels).toBe(28 - 24);
    expect(layers.find((l) => l.name === 'stage4_unit2_gconv1')!.outputChannels).toBe(29);
    // α = 0.3, g = 3: 240·0.3 = 72 (divisor 6) → bottleneck 18; 144 → 36; 288 → 72: all divisible by 3
    expect(() => shufflenetV1.resolve({ alpha: 0.3, groups: 3 })).not.toThrow();
  });

  it.each([
    [{ alpha: 0.2, groups: 8 }, 'stage 2: bottleneck channels 20 are not divisible by g = 8'], // 76.8 → 80 (divisor 16), 80 / 4 = 20
    [{ alpha: 0.1, groups: 1 }, 'stage 2: the stage is 14 channels wide, not wider than its 24 input channels'], // 14.4 → 14
    [{ alpha: 5 }, 'shufflenet-v1: factors.alpha: must be a number with 0 < x ≤ 4 (got 5)'],
    [{ groups: 5 }, 'shufflenet-v1: factors.groups: must be one of 1 | 2 | 3 | 4 | 8 (got 5)'],
    [{ groups: 2 }, 'rule "channels per unit divisible by g" broken: stage 2: bottleneck channels 13 are not divisible by g = 2 (groups=2, alpha=0.25)'],
  ])('rejects %j before building', (factors, message) => {
    expect(() => shufflenetV1.resolve(factors)).toThrow(message);
  });
});
