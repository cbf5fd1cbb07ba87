import { mape, predictMs, type CalibrationPoint, type Device } from '@cnn-analyzer/device';
import { stm32f746gDisco, TFLM_CMSIS_NN_POINTS, X_CUBE_AI_POINTS } from '@cnn-analyzer/device-stm32f746g-disco';
import { nucleoL4r5zi, TFLM_POINTS } from '@cnn-analyzer/device-nucleo-l4r5zi';
import { esp32, ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from '@cnn-analyzer/device-esp32';
import { raspberryPiPico, CMSIS_NN_POINTS, CMSIS_NN_DUAL_CORE_POINTS, PICO_BENCHMARK_CLOCK_HZ } from '@cnn-analyzer/device-raspberry-pi-pico';
import type { BenchResult } from './measure.js';

/** Board, runtime, its published points, and the clock they were measured at when it is not the board's. */
const BOARDS: readonly [Device, string, readonly CalibrationPoint[], number?][] = [
  [stm32f746gDisco, 'x-cube-ai', X_CUBE_AI_POINTS],
  [stm32f746gDisco, 'tflm-cmsis-nn', TFLM_CMSIS_NN_POINTS],
  [nucleoL4r5zi, 'tflm-reference', TFLM_POINTS],
  [esp32, 'tflm-esp-nn', ESP_NN_POINTS],
  [esp32, 'tflm-reference', TFLM_REFERENCE_POINTS],
  [raspberryPiPico, 'tflm-cmsis-nn', CMSIS_NN_POINTS, PICO_BENCHMARK_CLOCK_HZ],
  [raspberryPiPico, 'tflm-cmsis-nn-dual-core', CMSIS_NN_DUAL_CORE_POINTS, PICO_BENCHMARK_CLOCK_HZ],
];

/** Latency-model error on every published point: fitted points and held-out points apart. */
export function latencyBench(): BenchResult[] {
  const rows: BenchResult[] = [];
  for (const [device, runtime, points, clockHz = device.cpu.clockHz] of BOARDS) {
    const m = device.latencyModel(runtime);
    for (const fit of [true, false]) {
      const pairs = points.filter((p) => p.fit === fit).map((p) => ({ p, predicted: predictMs(m, p, clockHz), measured: p.ms }));
      if (pairs.length === 0) continue;
      const shown = pairs.length <= 4 ? pairs : [pairs.reduce((a, b) => (Math.abs(b.predicted / b.measured - 1) > Math.abs(a.predicted / a.measured - 1) ? b : a))];
      const detail = (pairs.length > 4 ? 'worst: ' : '') + shown.map((x) => `${x.p.label}: ${x.predicted.toFixed(1)} vs ${x.measured.toFixed(1)} ms`).join('; ');
      rows.push({ bench: 'latency', figure: `${device.name} ${m.runtime} MAPE (${fit ? 'fitted' : 'held-out'}, ${pairs.length} pts)`, value: mape(pairs), unit: '%', note: detail });
    }
  }
  return rows;
}
