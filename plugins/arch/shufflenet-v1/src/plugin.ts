import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes, type ShuffleNetV1Factors } from './factors.js';
import { unitChannels } from './channels.js';
import { build } from './build.js';

/**
 * The first unit whose grouped convolutions do not split evenly into g groups, or that has no channels left
 * (a stage narrower than its input leaves the stride-2 unit's convolution nothing), described; else undefined.
 */
function groupProblem(f: ShuffleNetV1Factors): string | undefined {
  for (const u of unitChannels(f)) {
    if (u.bottleneck < 1) return `stage ${u.stage}: the bottleneck has ${u.bottleneck} channels (α too small)`;
    if (u.conv < 1) return `stage ${u.stage}: the stage is ${u.input + u.conv} channels wide, not wider than its ${u.input} input channels (α too small)`;
    const bad = [
      ['input', u.input],
      ['bottleneck', u.bottleneck],
      ['output', u.conv],
    ].find(([, c]) => (c as number) % f.groups !== 0);
    if (bad) return `stage ${u.stage}: ${bad[0]} channels ${bad[1]} are not divisible by g = ${f.groups}`;
  }
  return undefined;
}

/** ShuffleNet v1 as the study builds it (Keras-style grouped convolutions, make_divisible stage widths). */
export const shufflenetV1 = defineArchitecture({
  name: 'shufflenet-v1',
  description: 'ShuffleNet v1 with grouped 1×1 convolutions and channel shuffle; factors α and groups g',
  bases: [{ base: 'shufflenetv1' }],
  factors,
  defaults,
  codes,
  rules: [{ name: 'channels per unit divisible by g', factors: ['groups', 'alpha'], check: groupProblem }],
  build,
  examples: [
    'shufflenetv1_0.25_96_c3_o2',
    'shufflenetv1_0.25_96_c3_o2_g1',
    'shufflenetv1_0.25_96_c3_o2_g8',
    'shufflenetv1_1_96_c3_o10',
  ],
});
