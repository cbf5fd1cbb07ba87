import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { estimateLatency, graphOpFeatures, mape, predictMs } from '@cnn-analyzer/device';
import { readTflite, referenceModelsDir, tfliteToGraph } from '@cnn-analyzer/exporter';
import { raspberryPiPico } from './device.js';
import { CMSIS_NN_DUAL_CORE_POINTS, CMSIS_NN_POINTS, PERSON_DETECT_TOTAL_US, PICO_BENCHMARK_CLOCK_HZ } from './calibration-data.js';

deviceConformance(raspberryPiPico, { points: CMSIS_NN_POINTS, pointsClockHz: PICO_BENCHMARK_CLOCK_HZ });

const RUNTIMES = [
  ['tflm-cmsis-nn', CMSIS_NN_POINTS, PERSON_DETECT_TOTAL_US.singleCore],
  ['tflm-cmsis-nn-dual-core', CMSIS_NN_DUAL_CORE_POINTS, PERSON_DETECT_TOTAL_US.dualCore],
] as const;

describe('Raspberry Pi Pico, TFLM + CMSIS-NN (pico-tflmicro person detection profile)', () => {
  const file = join(referenceModelsDir(), 'tflm/tensorflow/lite/micro/models/person_detect.tflite');
  const graph = tfliteToGraph(readTflite(new Uint8Array(readFileSync(file)))).graph;

  it('calibration rows are the operators of person_detect.tflite as analyzed, in order', () => {
    // the rows record MACs, output bytes, weights, pooled elements and softmax elements; compare those
    const kept = (f: object) => Object.fromEntries(Object.entries(f).filter(([k]) => /^(mac|out|weights)\.|^(pool|softmax|node)$/.test(k)));
    expect(graphOpFeatures(graph).map(kept)).toEqual(CMSIS_NN_POINTS.map((p) => kept(p.features)));
  });

  it('per-operator ticks add up to the published totals (823,658 and 587,400 µs)', () => {
    for (const [, points, totalUs] of RUNTIMES) expect(Math.round(points.reduce((s, p) => s + p.ms * 1000, 0))).toBe(totalUs);
  });

  for (const [runtime, points, totalUs] of RUNTIMES) {
    it(`${runtime}: predicts the held-out layers within 12 % and the whole inference within 3 %`, () => {
      const m = raspberryPiPico.latencyModel(runtime);
      const pairs = (fit: boolean) => points.filter((p) => p.fit === fit).map((p) => ({ predicted: predictMs(m, p, PICO_BENCHMARK_CLOCK_HZ), measured: p.ms }));
      expect(mape(pairs(true))).toBeLessThan(10);
      expect(mape(pairs(false))).toBeLessThan(12);
      // the model's own estimate of the imported graph, brought back to the benchmark's clock
      const total = estimateLatency(raspberryPiPico, graph, runtime).totalMs * (raspberryPiPico.cpu.clockHz / PICO_BENCHMARK_CLOCK_HZ);
      expect(Math.abs(total - totalUs / 1000) / (totalUs / 1000)).toBeLessThan(0.03);
    });
  }

  it('costs depthwise far more per MAC than 1×1 convolutions, and the dual-core kernels less than one core', () => {
    const one = raspberryPiPico.latencyModel('tflm-cmsis-nn');
    const two = raspberryPiPico.latencyModel('tflm-cmsis-nn-dual-core');
    expect(one.cycles['mac.depthwise']!).toBeGreaterThan(3 * one.cycles['mac.pointwise']!);
    expect(estimateLatency(raspberryPiPico, graph, 'tflm-cmsis-nn-dual-core').totalMs).toBeLessThan(0.8 * estimateLatency(raspberryPiPico, graph, 'tflm-cmsis-nn').totalMs);
    expect(two.cycles['mac.depthwise']!).toBeLessThan(one.cycles['mac.depthwise']!);
  });
});
