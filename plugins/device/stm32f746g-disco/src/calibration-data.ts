import type { CalibrationPoint } from '@cnn-analyzer/device';

/**
 * Published measurements on the STM32F746G-Disco at 216 MHz with ST's X-CUBE-AI 8.0 runtime
 * (STM32Cube.AI `validate`), from the CNN Analyzer study as summarized in shared/docs/MISSION.md:
 * the MLPerf Tiny VWW reference model (mobilenetv1_0.25_96_c3_o2) ran in 66.36 ms, of which
 * 47.38 ms in CONV_2D layers and 18.48 ms in DEPTHWISE_CONV_2D layers. The work per cost class is
 * the reference model's as CNN Analyzer counts it (checked in the plugin's test).
 */
export const X_CUBE_AI_POINTS: readonly CalibrationPoint[] = [
  {
    label: 'VWW reference model, CONV_2D layers',
    ms: 47.38,
    source: 'CNN Analyzer study, STM32F746G-Disco, X-CUBE-AI 8.0 validate (shared/docs/MISSION.md)',
    work: { conv: 497_664, pointwise: 6_193_152 },
    fit: true,
  },
  {
    label: 'VWW reference model, DEPTHWISE_CONV_2D layers',
    ms: 18.48,
    source: 'CNN Analyzer study, STM32F746G-Disco, X-CUBE-AI 8.0 validate (shared/docs/MISSION.md)',
    work: { depthwise: 798_336 },
    fit: true,
  },
  {
    label: 'VWW reference model, other layers (66.36 − 47.38 − 18.48 ms)',
    ms: 66.36 - 47.38 - 18.48,
    source: 'CNN Analyzer study, STM32F746G-Disco, X-CUBE-AI 8.0 validate (shared/docs/MISSION.md)',
    work: { pool: 256, movement: 256, dense: 512, softmax: 2 },
    fit: true,
  },
];

const PLUMERAI = 'Plumerai blog, "Cortex-M inference software" (2021-10-04): STM32F746G-Disco, TensorFlow Lite for Microcontrollers 2.5 with CMSIS-NN, 129 ms';
const MCUNET = 'MCUNet (Lin et al., NeurIPS 2020), latency/memory figure (mit-han-lab/mcunet assets/figures/latency_mem.png): STM32F746 at 216 MHz, CMSIS-NN column, 149 ms read from the bar';

/**
 * Published whole-model times with TFLM and CMSIS-NN kernels on the STM32F746 at 216 MHz. The work per
 * cost class is that of Keras's MobileNetV2 at the same α, resolution and 1000 classes as CNN Analyzer's
 * mobilenet-v2 `keras` variation counts it (checked in the plugin's test). The newer TFLM 2.5 point fits
 * the model; the MCUNet paper's older CMSIS-NN point is held out.
 */
export const TFLM_CMSIS_NN_POINTS: readonly CalibrationPoint[] = [
  {
    label: 'MobileNetV2 α=0.30, 80×80, 1000 classes (mobilenetv2_0.3_80_c3_o1000_keras), TFLM 2.5 + CMSIS-NN',
    ms: 129,
    source: PLUMERAI,
    work: { conv: 691_200, depthwise: 1_115_136, pointwise: 5_883_776, movement: 122_880, elementwise: 10_664, softmax: 1_000, pool: 1_280, dense: 1_280_000 },
    fit: true,
  },
  {
    label: 'MobileNetV2 w0.35, 64×64, 1000 classes (mobilenetv2_0.35_64_c3_o1000_keras), CMSIS-NN (MCUNet, 2020)',
    ms: 149,
    source: MCUNET,
    work: { conv: 442_368, depthwise: 702_144, pointwise: 3_590_656, movement: 78_720, elementwise: 6_720, softmax: 1_000, pool: 1_280, dense: 1_280_000 },
    fit: false,
  },
];
