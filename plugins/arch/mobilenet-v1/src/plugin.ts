import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes } from './factors.js';
import { build } from './build.js';

/** MobileNet v1 with the study's new scaling factors. */
export const mobilenetV1 = defineArchitecture({
  name: 'mobilenet-v1',
  description: 'MobileNet v1 (MLPerf Tiny VWW reference network) with loop length, penultimate/last layer channels and β',
  bases: [{ base: 'mobilenetv1' }],
  factors,
  defaults,
  codes,
  build,
  examples: [
    'mobilenetv1_0.25_96_c3_o2',
    'mobilenetv1_0.25_96_c3_o2_l3',
    'mobilenetv1_0.3_96_c3_o2_ll32pl256',
    'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3',
  ],
});
