import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph } from '@cnn-analyzer/deployed-graph';
import type { CalibrationPoint } from './calibration.js';
import { addFeatures, opFeatures, type Features, type LatencyFeature } from './op-features.js';

/** One inference a board reported: the rate its counter ran at, each operator's count and the total. */
export interface MeasuredRun {
  readonly clockHz: number;
  readonly totalCycles: number;
  readonly ops: readonly { readonly op: string; readonly cycles: number }[];
}

/** Calibration points from a model's measured runs, and how they were made. */
export interface MeasuredPoints {
  readonly points: CalibrationPoint[];
  /** True when the runs list the deployed graph's operators one for one (a point per operator); else one whole-model point. */
  readonly perOperator: boolean;
  /** Why the runs were taken as one whole-model point, when they were. */
  readonly note?: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Calibration points from a model's runs on a board: the median over runs of each operator's count, as ms at
 * `fitClockHz` (the clock the runtime's coefficients are fitted at). A counter at `clock_hz` above 1 MHz is taken
 * as the CPU's cycle counter (DWT, ccount); a slower one (a microsecond timer) is converted at `cpuClockHz`, the
 * board's clock. When the runs' operators match the deployed graph's (count and builtin names) each operator is a
 * point and every `holdOutEvery`-th one (the 4th, 8th, …) is held out; otherwise the whole inference is one fitted point.
 */
export function measuredPoints(
  name: string,
  graph: LayerGraph,
  runs: readonly MeasuredRun[],
  cpuClockHz: number,
  fitClockHz: number,
  holdOutEvery = 4,
): MeasuredPoints {
  if (runs.length === 0) throw new Error(`calibrate: no runs of ${name}`);
  const deployed = deployGraph(graph);
  const features = opFeatures(deployed);
  const ms = (count: number, clockHz: number): number => ((clockHz > 1e6 ? count : (count * cpuClockHz) / clockHz) / fitClockHz) * 1000;
  const source = `board measurement, median of ${runs.length} runs`;
  const builtins = deployed.ops.map((o) => o.builtin as string);
  const mismatch = runs.find((r) => r.ops.length !== builtins.length || r.ops.some((o, i) => o.op !== builtins[i]));
  if (mismatch) {
    const whole = features.reduce<Partial<Record<LatencyFeature, number>>>((acc, f) => addFeatures(acc, f), {}) as Features;
    return {
      points: [{ label: `${name} (whole model, measured)`, ms: median(runs.map((r) => ms(r.totalCycles, r.clockHz))), source, features: whole, fit: true, family: 'measured' }],
      perOperator: false,
      note: `the board listed ${mismatch.ops.length} operators, the deployed graph has ${builtins.length}${mismatch.ops.length === builtins.length ? ' (different kinds)' : ''}: fitted as one whole-model point`,
    };
  }
  return {
    points: deployed.ops.map((o, i) => ({
      label: `${name} op ${i} ${o.builtin} (measured)`,
      ms: median(runs.map((r) => ms(r.ops[i]!.cycles, r.clockHz))),
      source,
      features: features[i]!,
      fit: (i + 1) % holdOutEvery !== 0,
      family: 'measured',
    })).filter((p) => p.ms > 0), // an operator that took no time (an in-place reshape) says nothing about any rate
    perOperator: true,
  };
}
