import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { graphFeatures, mape, predictMs } from '@cnn-analyzer/device';
import { readTflite, referenceModelsDir, tfliteToGraph } from '@cnn-analyzer/exporter';
import { nucleoL4r5zi } from './device.js';
import { TFLM_POINTS } from './calibration-data.js';

deviceConformance(nucleoL4r5zi, { points: TFLM_POINTS });

describe('NUCLEO-L4R5ZI, TFLM v2.3.1', () => {
  it('calibration features equal the MLPerf reference .tflite files as lowered', () => {
    const files = ['mlperf_tiny_vww_96_int8.tflite', 'mlperf_tiny_kws_ref_model_int8.tflite', 'mlperf_tiny_ic_pretrainedResnet_quant.tflite'];
    files.forEach((f, k) => {
      const { graph } = tfliteToGraph(readTflite(new Uint8Array(readFileSync(join(referenceModelsDir(), f)))));
      expect(TFLM_POINTS[k]!.features, f).toEqual(graphFeatures(graph));
    });
  });

  it('predicts the held-out IC ResNet within 60 % (fitted on VWW and KWS only)', () => {
    const m = nucleoL4r5zi.runtimes[0]!;
    const held = TFLM_POINTS.filter((p) => !p.fit).map((p) => ({ predicted: predictMs(m, p, 120e6), measured: p.ms }));
    // One cycles-per-MAC cannot see that ResNet's wide 3×3 convolutions run more MACs per cycle in TFLM's
    // reference kernels than the narrow layers of VWW/KWS; the error is reported by `npm run bench`.
    expect(mape(held)).toBeLessThan(60);
    expect(held[0]!.predicted).toBeGreaterThan(held[0]!.measured);
  });
});
