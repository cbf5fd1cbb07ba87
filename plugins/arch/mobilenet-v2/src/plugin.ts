import { defineArchitecture, scaleChannels } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes, type MobileNetV2Factors } from './factors.js';
import { buildStudy } from './build-study.js';
import { buildKeras } from './build-keras.js';

/** MobileNet v2: the study's variant with expansion t and last layer channels, or Keras' network (`keras`). */
export const mobilenetV2 = defineArchitecture({
  name: 'mobilenet-v2',
  description: 'MobileNet v2 (study variant with expansion t and last layer channels; `keras` for keras.applications.MobileNetV2)',
  bases: [{ base: 'mobilenetv2' }],
  factors,
  defaults,
  codes,
  rules: [
    {
      name: 'keras network has fixed t and last layer',
      factors: ['keras', 'expansion', 'lastLayerChannels'],
      check: (f: MobileNetV2Factors) =>
        f.keras && (f.expansion !== defaults.expansion || f.lastLayerChannels !== null)
          ? 'the Keras-applications network uses t = 6 and its own last layer; drop t/l or drop keras'
          : undefined,
    },
    {
      name: 'every block keeps at least one channel',
      factors: ['alpha'],
      check: (f: MobileNetV2Factors) => (!f.keras && scaleChannels(16, f.alpha) < 1 ? `int(16·α) = ${scaleChannels(16, f.alpha)}: α must be at least 0.0625` : undefined),
    },
  ],
  build: (f) => (f.keras ? buildKeras(f) : buildStudy(f)),
  examples: ['mobilenetv2_0.35_96_c3_o2', 'mobilenetv2_0.25_96_c3_o2_t5l256', 'mobilenetv2_0.25_96_c3_o2_t3l1024', 'mobilenetv2_0.35_96_c3_o2_keras'],
});
