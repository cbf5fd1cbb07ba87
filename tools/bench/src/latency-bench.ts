import { parseName } from '@cnn-analyzer/arch-spec';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import { estimateLatency, mape, predictMs, type CalibrationPoint, type Device } from '@cnn-analyzer/device';
import { stm32f746gDisco, STUDY_WHOLE_MODEL_TIMES, TFLM_CMSIS_NN_POINTS, X_CUBE_AI_POINTS } from '@cnn-analyzer/device-stm32f746g-disco';
import { nucleoL4r5zi, TFLM_POINTS } from '@cnn-analyzer/device-nucleo-l4r5zi';
import { esp32, ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from '@cnn-analyzer/device-esp32';
import { raspberryPiPico, CMSIS_NN_POINTS, CMSIS_NN_DUAL_CORE_POINTS, PICO_BENCHMARK_CLOCK_HZ } from '@cnn-analyzer/device-raspberry-pi-pico';
import { arduinoNano33Ble, M4F_POINTS, M4F_POINTS_CLOCK_HZ } from '@cnn-analyzer/device-arduino-nano-33-ble';
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
  [arduinoNano33Ble, 'tflm-reference', M4F_POINTS, M4F_POINTS_CLOCK_HZ],
];

interface Pair {
  readonly label: string;
  readonly family: string;
  readonly predicted: number;
  readonly measured: number;
}

const relErr = (p: Pair): number => Math.abs(p.predicted / p.measured - 1);

/** MAPE of a set of pairs with the worst (or all, when few) named. */
function row(figure: string, pairs: readonly Pair[]): BenchResult {
  const sorted = [...pairs].sort((a, b) => relErr(b) - relErr(a));
  const shown = sorted.length <= 3 ? sorted : sorted.slice(0, 2);
  const detail = (sorted.length > 3 ? 'worst: ' : '') + shown.map((x) => `${x.label}: ${x.predicted.toFixed(3)} vs ${x.measured.toFixed(3)} ms`).join('; ');
  return { bench: 'latency', figure: `${figure} (${pairs.length} pts)`, value: mape(pairs), unit: '%', note: detail };
}

/** Per family the points name (MobileNet v1, v2, v3, ShuffleNet, Keras variants, …), the MAPE of each. */
function familyRows(prefix: string, pairs: readonly Pair[]): BenchResult[] {
  const families = [...new Set(pairs.map((p) => p.family))].filter((f) => f !== 'all');
  return families.map((f) => row(`${prefix} · ${f}`, pairs.filter((p) => p.family === f)));
}

/**
 * Latency-model error, per board and runtime, on the points it was fitted on and on the points it holds out
 * (apart), per family where the points have several, the worst cases named; then the study's whole-model
 * X-CUBE-AI times (held out, never fitted) for every one whose model CNN Analyzer can build.
 */
export function latencyBench(): BenchResult[] {
  const rows: BenchResult[] = [];
  for (const [device, runtime, points, clockHz = device.cpu.clockHz] of BOARDS) {
    const m = device.latencyModel(runtime);
    for (const fit of [true, false]) {
      const pairs = points.filter((p) => p.fit === fit).map((p) => ({ label: p.label, family: p.family ?? 'all', predicted: predictMs(m, p, clockHz), measured: p.ms }));
      if (pairs.length === 0) continue;
      const prefix = `${device.name} ${m.runtime} ${fit ? 'fitted' : 'held-out'}`;
      rows.push(row(`${prefix} MAPE`, pairs), ...familyRows(prefix, pairs));
    }
    rows.push({ bench: 'latency', figure: `${device.name} ${m.runtime} interval half-width`, value: 100 * m.interval.relative, unit: '%', note: m.interval.basis });
  }
  const study: Pair[] = [];
  const skipped: string[] = [];
  for (const t of STUDY_WHOLE_MODEL_TIMES) {
    let graph;
    try {
      const p = parseName(t.name, BUILTIN_ARCHITECTURES);
      graph = p.architecture.create(p.factors as Record<string, unknown>).graph;
    } catch {
      skipped.push(t.name);
      continue;
    }
    study.push({ label: t.name, family: t.architecture, predicted: estimateLatency(stm32f746gDisco, graph, 'x-cube-ai').totalMs, measured: t.ms });
  }
  const note = skipped.length > 0 ? `; not estimable (no architecture plugin): ${skipped.join(', ')}` : '';
  if (study.length > 0) rows.push({ ...row("stm32f746g-disco x-cube-ai study's whole-model times (held out)", study), note: row('', study).note + note }, ...familyRows("stm32f746g-disco x-cube-ai study's whole-model times", study));
  else rows.push({ bench: 'latency', figure: `stm32f746g-disco x-cube-ai study's whole-model times (held out, ${STUDY_WHOLE_MODEL_TIMES.length} recorded)`, value: 0, unit: 'estimable', note: `none estimable${note}; add the paper's Table 2 to held-out-data.ts` });
  return rows;
}
