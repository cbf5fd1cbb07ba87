import { mape, predictMs, type CalibrationPoint, type Device } from '@cnn-analyzer/device';
import { stm32f746gDisco, X_CUBE_AI_POINTS } from '@cnn-analyzer/device-stm32f746g-disco';
import { nucleoL4r5zi, TFLM_POINTS } from '@cnn-analyzer/device-nucleo-l4r5zi';
import { esp32, ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from '@cnn-analyzer/device-esp32';
import type { BenchResult } from './measure.js';

const BOARDS: readonly [Device, string, readonly CalibrationPoint[]][] = [
  [stm32f746gDisco, 'x-cube-ai', X_CUBE_AI_POINTS],
  [nucleoL4r5zi, 'tflm-reference', TFLM_POINTS],
  [esp32, 'tflm-esp-nn', ESP_NN_POINTS],
  [esp32, 'tflm-reference', TFLM_REFERENCE_POINTS],
];

/** Latency-model error on every published point: fitted points and held-out points apart. */
export function latencyBench(): BenchResult[] {
  const rows: BenchResult[] = [];
  for (const [device, runtime, points] of BOARDS) {
    const m = device.latencyModel(runtime);
    for (const fit of [true, false]) {
      const pairs = points.filter((p) => p.fit === fit).map((p) => ({ p, predicted: predictMs(m.coefficients, p, device.cpu.clockHz), measured: p.ms }));
      if (pairs.length === 0) continue;
      const detail = pairs.map((x) => `${x.p.label}: ${x.predicted.toFixed(1)} vs ${x.measured.toFixed(1)} ms`).join('; ');
      rows.push({ bench: 'latency', figure: `${device.name} ${m.runtime} MAPE (${fit ? 'fitted' : 'held-out'}, ${pairs.length} pts)`, value: mape(pairs), unit: '%', note: detail });
    }
  }
  return rows;
}
