import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { shufflenetV2 } from './plugin.js';
import { START_CHANNELS } from './factors.js';

// The study's notebooks print no ShuffleNet v2 summary (searched every output in the mirror), so no study total
// is used. Independent checks: torchvision's published parameter count for the same layout, and hand counts
// from REFERENCE-ARCHITECTURES.md.
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

  it('totals the example as counted by hand: 56,058 params', () => {
    // c = 12. Stem 27·24 + BN 96 = 744; stage 2: down unit (A 288+48+108+48+144+48, B 216+96+288+48) 1,332,
    // 3 basic units (12 → 12) × 540; stage 3: down unit (24 → 24+24) 2,640, 7 × 1,656; stage 4: down unit
    // (48 → 48+48) 8,736, 3 × 5,616; final conv 96·128 = 12,288; dense 128·2 + 2 = 258.
    expect(metricsOf('shufflenetv2_0.1_96_c3_o2_l128').totals.params).toBe(56_058);
  });

  it('matches torchvision shufflenet_v2_x0_5 (1,366,792 params) for the same layout: α=0.2, 224, 1000 classes', () => {
    // Source: torchvision ShuffleNet_V2_X0_5_Weights meta "num_params": 1366792 (pytorch/vision PR #5896).
    // torchvision x0_5 has stage outputs 48/96/192 (= 2c for α=0.2, c=24), stem 24, conv5 1024, no conv biases.
    // Differences, none of them structural: PyTorch counts 2 params per BN channel (Keras 4, the running stats
    // being buffers), and torchvision puts BN (+ReLU) after conv5, which the study leaves out (+2·1024).
    const { layers, totals } = metricsOf('shufflenetv2_0.2_224_c3_o1000');
    const bnParams = layers.filter((l) => l.op === 'batchNorm').reduce((sum, l) => sum + l.params, 0);
    expect(totals.params - bnParams / 2 + 2 * 1024).toBe(1_366_792);
  });

  it('accepts an odd first-layer width: no channel split reads the stem output (f=23)', () => {
    // The stem feeds the stage-2 down-sampling unit, whose two branches each read all f channels; every split
    // halves the 2c channels of a concatenation, even for every α of the table.
    const { layers } = metricsOf('shufflenetv2_0.1_96_c3_o2_f23l128');
    expect(layers.find((l) => l.name === 'conv1')!.outputShape).toEqual([47, 47, 23]);
    expect(layers.find((l) => l.name === 'stage2_down_b_dwconv')!.params).toBe(9 * 23);
  });

  it('parses the study\'s own names (base shufflenetv2tiny, f and l always written) to canonical ones', () => {
    const parsed = parseName('shufflenetv2tiny_0.1_96_c3_o2_f24l128', [shufflenetV2]);
    expect(parsed.factors).toMatchObject({ alpha: 0.1, firstLayerChannels: 24, lastLayerChannels: 128 });
    expect(parsed.canonical).toBe('shufflenetv2_0.1_96_c3_o2_l128');
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
