import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { shufflenetV1 } from './plugin.js';
import { stageWidths, unitChannels } from './channels.js';

// No exact published parameter count exists for the study's Keras-style ShuffleNet v1 (its notebooks print
// none); the layer-level numbers below are worked by hand from REFERENCE-ARCHITECTURES.md instead.
architectureConformance(shufflenetV1);

describe('shufflenet-v1 specifics', () => {
  const graphOf = (name: string) => shufflenetV1.create(parseName(name, [shufflenetV1]).factors as Record<string, unknown>).graph;

  it('has the widths of REFERENCE-ARCHITECTURES.md for α=0.25, g=1: stages 36/72/144, bottlenecks 9/18/36', () => {
    expect(stageWidths({ alpha: 0.25, groups: 1 })).toEqual([36, 72, 144]);
    const units = unitChannels({ alpha: 0.25, groups: 1 });
    expect([units[0]!.bottleneck, units[4]!.bottleneck, units[12]!.bottleneck]).toEqual([9, 18, 36]);
    expect(units.map((u) => u.stride).join('')).toBe('2111' + '21111111' + '2111');
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

  it.each([
    [{ alpha: 0.3 }, 'shufflenet-v1: factors.alpha: must be one of 0.25 | 0.5 | 1 | 1.5 (got 0.3)'],
    [{ groups: 5 }, 'shufflenet-v1: factors.groups'],
    [{ groups: 2 }, 'rule "channels per unit divisible by g" broken: stage 2: bottleneck channels 13 are not divisible by g = 2 (groups=2, alpha=0.25)'],
  ])('rejects %j before building', (factors, message) => {
    expect(() => shufflenetV1.resolve(factors)).toThrow(message);
  });
});
