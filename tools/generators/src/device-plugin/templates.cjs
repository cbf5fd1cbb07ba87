// Files of a new board plugin (plain CommonJS so that Nx loads it without a TypeScript loader).
'use strict';

function camel(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * @param {{ name: string }} options
 * @returns {Record<string, string>} relative path → file content
 */
function devicePluginFiles(options) {
  const name = options.name;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`name: ${JSON.stringify(name)} must be kebab-case`);
  const symbol = camel(name);
  const pkg = {
    name: `@cnn-analyzer/device-${name}`,
    version: '0.1.0',
    description: `${name} board plugin for CNN Analyzer.`,
    license: 'Apache-2.0',
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    files: ['dist', 'README.md'],
    sideEffects: false,
    nx: { tags: ['layer:device-plugin'] },
    scripts: { build: 'tsup' },
    dependencies: { '@cnn-analyzer/device': '0.1.0' },
  };
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'tsconfig.json': JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { outDir: 'dist', rootDir: 'src' }, include: ['src/**/*.ts'], exclude: ['src/**/*.test.ts'] }, null, 2) + '\n',
    'tsup.config.ts': `export { default } from '../../../tsup.shared';\n`,
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
