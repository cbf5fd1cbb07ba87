import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes } from './factors.js';
import { build } from './build.js';
import { buildKeras } from './build-keras.js';
import type { MobileNetV1Factors } from './factors.js';

/** MobileNet v1 with the study's new scaling factors. */
export const mobilenetV1 = defineArchitecture({
  name: 'mobilenet-v1',
  description: 'MobileNet v1 (MLPerf Tiny VWW reference network) with loop length, penultimate/last layer channels and β; `keras` for keras.applications.MobileNet',
  bases: [{ base: 'mobilenetv1' }],
  factors,
  defaults,
  codes,
  rules: [
    {
      name: 'keras network has no study factors',
      factors: ['keras', 'loopLength', 'penultimateLayerChannels', 'lastLayerChannels', 'beta'],
      check: (f: MobileNetV1Factors) =>
        f.keras && (f.loopLength !== 5 || f.penultimateLayerChannels !== null || f.lastLayerChannels !== null || f.beta !== 1)
          ? 'keras.applications.MobileNet has five repeated blocks and no l/pl/ll/b factors; drop them or drop keras'
          : undefined,
    },
  ],
  build: (f) => (f.keras ? buildKeras(f) : build(f)),
  examples: [
    'mobilenetv1_0.25_96_c3_o2',
    'mobilenetv1_0.25_96_c3_o2_l3',
    'mobilenetv1_0.3_96_c3_o2_ll32pl256',
    'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3',
    'mobilenetv1_0.25_96_c3_o2_keras',
    'mobilenetv1_1_224_c3_o1000_keras',
  ],
});
