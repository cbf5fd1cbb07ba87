import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { shufflenetV2 } from './plugin.js';
import { START_CHANNELS } from './factors.js';

// The study's notebooks print no ShuffleNet v2 summary, so no exact published total is used; the
// layer-level numbers below are worked by hand from REFERENCE-ARCHITECTURES.md.
architectureConformance(shufflenetV2);

describe('shufflenet-v2 specifics', () => {
  const metricsOf = (name: string) => analyzeGraph(shufflenetV2.create(parseName(name, [shufflenetV2]).factors as Record<string, unknown>).graph);

  it('has the example of REFERENCE-ARCHITECTURES.md: α=0.1, f=24, ll=128 → stages 24/48/96, final conv 96 → 128', () => {
    const { layers } = metricsOf('shufflenetv2_0.1_96_c3_o2_l128');
    const out = (n: string) => layers.find((l) => l.name === n)!;
    expect(['stage2_unit3_shuffle', 'stage3_unit7_shuffle', 'stage4_unit3_shuffle'].map((n) => out(n).outputChannels)).toEqual([24, 48, 96]);
    expect(out('conv5').inputShape[2]).toBe(96);
    expect(out('conv5').outputChannels).toBe(128);
    expect(out('conv5').params).toBe(96 * 128); // no bias, no BN after it
    expect(out('conv1').outputShape).toEqual([47, 47, 24]); // "valid": floor((96 − 3)/2) + 1
    expect(out('maxpool1').outputShape).toEqual([24, 24, 24]);
    expect(out('fc').params).toBe(128 * 2 + 2);
  });

  it('counts a basic unit by hand (α=0.1: 24 channels split into 12 + 12 at 12×12)', () => {
    const { layers } = metricsOf('shufflenetv2_0.1_96_c3_o2_l128');
    const p = (n: string) => layers.find((l) => l.name === `stage2_unit1_${n}`)!;
    expect(p('conv1').params).toBe(12 * 12);
    expect(p('dwconv').params).toBe(9 * 12);
    expect(p('conv1_bn').params).toBe(4 * 12);
    expect(p('dwconv').macs).toBe(9 * 12 * 12 * 12);
  });

  it('splits only even channel counts for every α of the table', () => {
    for (const alpha of Object.keys(START_CHANNELS).map(Number)) {
      const { layers } = analyzeGraph(shufflenetV2.create({ alpha: alpha as never }).graph);
      for (const split of layers.filter((l) => l.op === 'channelSplit')) expect(split.inputShape[2]! % 2).toBe(0);
    }
  });

  it.each([
    [{ alpha: 0.3 }, 'shufflenet-v2: factors.alpha: must be one of 0.05 | 0.1 | 0.2 | 0.25 | 0.35 | 0.5 | 1 | 1.5 | 2 (got 0.3)'],
    [{ firstLayerChannels: 0 }, 'shufflenet-v2: factors.firstLayerChannels'],
    [{ lastLayerChannels: 12.5 }, 'shufflenet-v2: factors.lastLayerChannels'],
  ])('rejects %j', (factors, message) => {
    expect(() => shufflenetV2.resolve(factors)).toThrow(message);
  });
});
