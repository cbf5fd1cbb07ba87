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
 * Published latency measurements on this board, each with its source and the latency features of the measured
 * model (\`graphFeatures\` of the model's .tflite imported with CNN Analyzer). Replace this example point with real ones:
 * it is the MLPerf Tiny VWW model on the NUCLEO-L4R5ZI (MLPerf Tiny v0.5, closed/reference, 1.665 inf/s).
 */
export const POINTS: readonly CalibrationPoint[] = [
  {
    label: 'VWW MobileNet v1 0.25 (example: replace with this board\\'s measurement)',
    ms: 1000 / 1.665,
    source: 'MLPerf Tiny v0.5 results, closed/reference, NUCLEO-L4R5ZI, TFLM v2.3.1',
    features: { node: 31, 'mac.first': 497_664, 'chan.conv': 1_496, 'out.conv': 142_848, 'weights.conv': 197_936, input: 27_648, 'mac.depthwise': 798_336, 'chan.depthwise': 1_240, 'out.depthwise': 88_704, 'weights.depthwise': 12_400, 'mac.pointwise': 6_193_152, pool: 2_304, 'mac.dense': 512, 'out.dense': 2, 'weights.dense': 514, softmax: 2 },
    fit: true,
  },
];

/** Clock of the board the points were measured on, Hz. */
export const POINTS_CLOCK_HZ = 120_000_000;
`,
    'src/device.ts': `import { defineDevice, fitLatencyModel } from '@cnn-analyzer/device';
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
      version: '2.3.1',
      // one whole-model point: one cycles-per-MAC for every MAC feature, and a stated interval
      ...fitLatencyModel(POINTS, [['mac.conv', 'mac.pointwise', 'mac.first', 'mac.depthwise', 'mac.dense']], POINTS_CLOCK_HZ, {
        relative: 0.5,
        basis: 'one whole-model point: no residuals to build an interval from; ± 50 % is a stated guess',
      }),
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
