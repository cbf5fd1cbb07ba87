// Files of a new board plugin (plain CommonJS so that Nx loads it without a TypeScript loader).
'use strict';

const { camel, checkName, packageFiles } = require('../plugin-package.cjs');

/**
 * @param {{ name: string }} options
 * @returns {Record<string, string>} relative path → file content
 */
function devicePluginFiles(options) {
  const name = options.name;
  checkName(name);
  const symbol = camel(name);
  return {
    ...packageFiles({ packageName: `@cnn-analyzer/device-${name}`, description: `${name} board plugin for CNN Analyzer.`, tag: 'layer:device-plugin', dependencies: { '@cnn-analyzer/device': '0.1.0' } }),
    'src/calibration-data.ts': `import type { CalibrationPoint } from '@cnn-analyzer/device';

/**
 * Published latency measurements on this board, each with its source and the work per cost class of the measured
 * model (analyze the model's .tflite with CNN Analyzer to get it). Replace this example point with real ones:
 * it is the MLPerf Tiny VWW model on the NUCLEO-L4R5ZI (MLPerf Tiny v0.5, closed/reference, 1.665 inf/s).
 */
export const POINTS: readonly CalibrationPoint[] = [
  {
    label: 'VWW MobileNet v1 0.25 (example: replace with this board\\'s measurement)',
    ms: 1000 / 1.665,
    source: 'MLPerf Tiny v0.5 results, closed/reference, NUCLEO-L4R5ZI, TFLM v2.3.1',
    work: { conv: 497_664, pointwise: 6_193_152, depthwise: 798_336, pool: 256, movement: 256, dense: 512, elementwise: 2 },
    fit: true,
  },
];

/** Clock of the board the points were measured on, Hz. */
export const POINTS_CLOCK_HZ = 120_000_000;
`,
    'src/device.ts': `import { defineDevice, fitCoefficients } from '@cnn-analyzer/device';
import { POINTS, POINTS_CLOCK_HZ } from './calibration-data.js';

/** ${name}: fill in the spec from the datasheet. */
export const ${symbol} = defineDevice({
  name: '${name}',
  title: '${name}',
  flash: 1024 * 1024,
  ram: 256 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: 120_000_000 },
  runtimes: [
    {
      runtime: 'tflm-reference',
      coefficients: fitCoefficients(POINTS, [['conv', 'pointwise', 'depthwise', 'dense']], POINTS_CLOCK_HZ),
      perOperatorCycles: 0,
      source: 'fitted on calibration-data.ts',
    },
  ],
  runtimeFootprint: { flash: 60 * 1024, ram: 8 * 1024, source: 'estimate; measure your build' },
});
`,
    'src/index.ts': `export { ${symbol} as default, ${symbol} } from './device.js';\nexport { POINTS } from './calibration-data.js';\n`,
    'src/device.test.ts': `import { deviceConformance } from '@cnn-analyzer/conformance';
import { ${symbol} } from './device.js';
import { POINTS } from './calibration-data.js';

deviceConformance(${symbol}, { points: POINTS });
`,
    'README.md': `# @cnn-analyzer/device-${name}\n\n| runtime | calibrated on | error (\`npm run bench\`) |\n|---|---|---|\n| \`tflm-reference\` | calibration-data.ts | run the bench |\n`,
  };
}

module.exports = { devicePluginFiles };
