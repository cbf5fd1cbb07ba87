import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes, bases, type MobileNetV3Factors } from './factors.js';
import { buildStudySmall } from './build-study.js';
import { buildKeras } from './build-keras.js';

/** MobileNet v3: the study's small network, Keras' small and large, each with or without squeeze-excite. */
export const mobilenetV3 = defineArchitecture({
  name: 'mobilenet-v3',
  description: 'MobileNet v3 small (study variant) and large/small Keras networks; NSQ removes squeeze-and-excitation',
  bases,
  factors,
  defaults,
  codes,
  rules: [
    {
      name: 'large exists only as the Keras network',
      factors: ['variant', 'keras'],
      check: (f: MobileNetV3Factors) => (f.variant === 'large' && !f.keras ? 'MobileNetV3-Large is built as keras.applications does; set keras' : undefined),
    },
  ],
  build: (f) => (f.keras ? buildKeras(f) : buildStudySmall(f)),
  examples: [
    'mobilenetv3small_0.3_96_c3_o2',
    'mobilenetv3smallNSQ_0.3_96_c3_o2_l32pl128',
    'mobilenetv3small_1_224_c3_o1000_keras',
    'mobilenetv3large_1_224_c3_o1000_keras',
    'mobilenetv3largeNSQ_0.75_96_c3_o2',
  ],
});
