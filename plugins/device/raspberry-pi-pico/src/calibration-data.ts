import type { CalibrationPoint, Features } from '@cnn-analyzer/device';

/** Kind of operator of a row. */
type Kind = 'pointwise' | 'depthwise' | 'pool' | 'movement' | 'softmax';

/** Where the times come from. Ticks are microseconds of the Pico's timer. */
export const PICO_SOURCE =
  'raspberrypi/pico-tflmicro, benchmark_results.txt (commit 1bdb61c, Jan 2024): person_detection_benchmark, TFLM with CMSIS-NN on the RP2040 at the pico-sdk default 125 MHz, per-operator profile of one NoPersonDataIterations(1) run';

/** Clock the benchmark ran at (pico-sdk default), Hz. Cycles are fitted at this clock. */
export const PICO_BENCHMARK_CLOCK_HZ = 125_000_000;

/**
 * One operator of TFLM's person_detect.tflite (MobileNet v1 0.25, 96×96×1) in execution order: its
 * TFLite operator, its kind, work (MACs; input elements for the pool; output elements otherwise), int8 output bytes,
 * parameters read, and the published ticks single-core and with the dual-core CONV_2D / depthwise kernels.
 * The shapes are MobileNet v1's (the plugin's test checks them against the .tflite file as analyzed).
 */
type Row = readonly [op: string, kind: Kind, work: number, outputBytes: number, weightBytes: number, singleCoreUs: number, dualCoreUs: number];

// prettier-ignore
const ROWS: readonly Row[] = [
  ['DEPTHWISE_CONV_2D 3×3/2 1→8 (multiplier 8), 48×48', 'depthwise', 165_888, 18_432, 80, 34_553, 34_550],
  ['DEPTHWISE_CONV_2D 3×3 8, 48×48', 'depthwise', 165_888, 18_432, 80, 60_260, 31_942],
  ['CONV_2D 1×1 8→16, 48×48', 'pointwise', 294_912, 36_864, 144, 47_509, 29_140],
  ['DEPTHWISE_CONV_2D 3×3/2 16, 24×24', 'depthwise', 82_944, 9_216, 160, 29_581, 15_765],
  ['CONV_2D 1×1 16→32, 24×24', 'pointwise', 294_912, 18_432, 544, 32_941, 21_402],
  ['DEPTHWISE_CONV_2D 3×3 32, 24×24', 'depthwise', 165_888, 18_432, 320, 57_434, 30_346],
  ['CONV_2D 1×1 32→32, 24×24', 'pointwise', 589_824, 18_432, 1_056, 51_301, 35_317],
  ['DEPTHWISE_CONV_2D 3×3/2 32, 12×12', 'depthwise', 41_472, 4_608, 320, 14_411, 7_792],
  ['CONV_2D 1×1 32→64, 12×12', 'pointwise', 294_912, 9_216, 2_112, 26_003, 17_922],
  ['DEPTHWISE_CONV_2D 3×3 64, 12×12', 'depthwise', 82_944, 9_216, 640, 27_689, 14_706],
  ['CONV_2D 1×1 64→64, 12×12', 'pointwise', 589_824, 9_216, 4_160, 44_571, 32_168],
  ['DEPTHWISE_CONV_2D 3×3/2 64, 6×6', 'depthwise', 20_736, 2_304, 640, 7_025, 4_780],
  ['CONV_2D 1×1 64→128, 6×6', 'pointwise', 294_912, 4_608, 8_320, 23_344, 16_981],
  ['DEPTHWISE_CONV_2D 3×3 128, 6×6 (1st)', 'depthwise', 41_472, 4_608, 1_280, 13_935, 9_800],
  ['CONV_2D 1×1 128→128, 6×6 (1st)', 'pointwise', 589_824, 4_608, 16_512, 43_007, 36_303],
  ['DEPTHWISE_CONV_2D 3×3 128, 6×6 (2nd)', 'depthwise', 41_472, 4_608, 1_280, 12_996, 7_141],
  ['CONV_2D 1×1 128→128, 6×6 (2nd)', 'pointwise', 589_824, 4_608, 16_512, 42_947, 36_236],
  ['DEPTHWISE_CONV_2D 3×3 128, 6×6 (3rd)', 'depthwise', 41_472, 4_608, 1_280, 12_983, 7_137],
  ['CONV_2D 1×1 128→128, 6×6 (3rd)', 'pointwise', 589_824, 4_608, 16_512, 42_953, 36_343],
  ['DEPTHWISE_CONV_2D 3×3 128, 6×6 (4th)', 'depthwise', 41_472, 4_608, 1_280, 13_023, 7_166],
  ['CONV_2D 1×1 128→128, 6×6 (4th)', 'pointwise', 589_824, 4_608, 16_512, 42_979, 36_217],
  ['DEPTHWISE_CONV_2D 3×3 128, 6×6 (5th)', 'depthwise', 41_472, 4_608, 1_280, 13_015, 7_148],
  ['CONV_2D 1×1 128→128, 6×6 (5th)', 'pointwise', 589_824, 4_608, 16_512, 42_951, 36_216],
  ['DEPTHWISE_CONV_2D 3×3/2 128, 3×3', 'depthwise', 10_368, 1_152, 1_280, 3_522, 3_624],
  ['CONV_2D 1×1 128→256, 3×3', 'pointwise', 294_912, 2_304, 33_024, 25_795, 22_197],
  ['DEPTHWISE_CONV_2D 3×3 256, 3×3', 'depthwise', 20_736, 2_304, 2_560, 6_016, 4_526],
  ['CONV_2D 1×1 256→256, 3×3', 'pointwise', 589_824, 2_304, 65_792, 49_461, 43_024],
  ['AVERAGE_POOL_2D 3×3 → 1×1×256', 'pool', 2_304, 256, 0, 874, 876],
  ['CONV_2D 1×1 256→2 (classifier)', 'pointwise', 512, 2, 514, 220, 275],
  ['RESHAPE', 'movement', 2, 2, 0, 21, 20],
  ['SOFTMAX', 'softmax', 2, 2, 0, 338, 340],
];

/** Published whole-inference ticks: single core, and with the dual-core kernels. */
export const PERSON_DETECT_TOTAL_US = { singleCore: 823_658, dualCore: 587_400 } as const;

/**
 * Every third convolution or depthwise layer (ops 3, 6, …, 27) is held out to test the model; the
 * rest fit it. The pool, classifier, reshape and softmax ops occur once each and all fit it.
 */
const heldOut = (i: number): boolean => i < 27 && (i + 1) % 3 === 0;

/** A row's latency features (an in-place RESHAPE is one node and nothing else). */
function features(r: Row): Features {
  const [, kind, work, out, weights] = r;
  if (kind === 'pointwise') return { 'mac.pointwise': work, 'out.conv': out, 'weights.conv': weights, node: 1 };
  if (kind === 'depthwise') return { 'mac.depthwise': work, 'out.depthwise': out, 'weights.depthwise': weights, node: 1 };
  if (kind === 'pool') return { pool: work, node: 1 };
  if (kind === 'softmax') return { softmax: work, node: 1 };
  return { node: 1 };
}

function points(column: 5 | 6, runtime: string): CalibrationPoint[] {
  return ROWS.map((r, i) => ({
    label: `person_detect op ${i + 1}: ${r[0]} (${runtime})`,
    ms: r[column] / 1000,
    source: PICO_SOURCE,
    features: features(r),
    fit: !heldOut(i),
    family: 'mobilenet-v1 (person detection, per op)',
  }));
}

/** Per-operator times with CMSIS-NN on one core (31 points, 22 fitted, 9 held out). */
export const CMSIS_NN_POINTS: readonly CalibrationPoint[] = points(5, 'single core');

/** Per-operator times with pico-tflmicro's dual-core CONV_2D and depthwise kernels. */
export const CMSIS_NN_DUAL_CORE_POINTS: readonly CalibrationPoint[] = points(6, 'dual core');
