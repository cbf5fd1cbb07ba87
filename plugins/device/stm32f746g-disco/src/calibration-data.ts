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
    work: { pool: 256, movement: 256, dense: 512, elementwise: 2 },
    fit: true,
  },
];
