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
  ],
});
