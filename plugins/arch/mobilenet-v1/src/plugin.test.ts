import { describe, expect, it } from 'vitest';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { mobilenetV1 } from './plugin.js';

architectureConformance(mobilenetV1, {
  references: [
    {
      name: 'mobilenetv1_0.25_96_c3_o2',
      params: 221_794,
      macs: 7_489_664,
      source: 'shared/docs/MISSION.md reference point: MLPerf Tiny VWW model, 221,794 params, 7,489,664 MACs',
    },
    {
      name: 'mobilenetv1_1_224_c3_o1000_keras',
      params: 4_253_864,
      source: 'keras.applications.MobileNet(alpha=1.0, 224×224×3, 1000 classes) model.summary(): Total params: 4,253,864',
    },
  ],
});


describe('mobilenet-v1 keras rule', () => {
  it('rejects study factors together with keras, naming the rule and values', () => {
    expect(() => mobilenetV1.resolve({ keras: true, loopLength: 3 })).toThrow('rule "keras network has no study factors" broken');
  });
});
