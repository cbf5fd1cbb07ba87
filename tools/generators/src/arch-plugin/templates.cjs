// Files of a new architecture plugin. Plain CommonJS so that Nx can load it without a TypeScript loader;
// src/arch-plugin-files.ts gives typed access for tests and scripts.
'use strict';

const { camel, checkName, packageFiles } = require('../plugin-package.cjs');

/**
 * @param {{ name: string, base?: string }} options
 * @returns {Record<string, string>} relative path → file content
 */
function archPluginFiles(options) {
  const name = options.name;
  checkName(name);
  const base = options.base || name.replace(/-/g, '');
  if (!/^[a-z][a-z0-9]*$/.test(base)) throw new Error(`base: ${JSON.stringify(base)} must be lowercase letters and digits`);
  const symbol = camel(name);
  return {
    ...packageFiles({ packageName: `@cnn-analyzer/arch-${name}`, description: `${name} architecture plugin for CNN Analyzer.`, tag: 'layer:arch-plugin', dependencies: { '@cnn-analyzer/arch-spec': '0.1.0', zod: '^4.1.0' } }),
    'src/factors.ts': `import { z } from 'zod';
import { headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/** Every factor of ${name}, with its valid range. Add your own scaling factors here. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    depth: z.number().int().min(1).max(4).describe('number of stride-2 conv blocks'),
  })
  .strict();

export type Factors = z.output<typeof factors>;

/** The one source of defaults. */
export const defaults: Factors = { alpha: 1, resolution: 96, inputChannels: 3, classes: 2, depth: 3 };

/** Name codes, in the order they are written. */
export const codes = { depth: 'd' } as const;
`,
    'src/build.ts': `import { GraphBuilder, scaleChannels, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { Factors } from './factors.js';

/** A plain CNN: \`depth\` blocks of conv 3×3/2 → BN → ReLU doubling the width, then GAP → dense → softmax. */
export function build(f: Factors): LayerGraph {
  const g = new GraphBuilder('${base}');
  let x = g.input([f.resolution, f.resolution, f.inputChannels]);
  for (let i = 0; i < f.depth; i++) {
    const filters = Math.max(1, scaleChannels(16 * 2 ** i, f.alpha));
    // \`scale\` records which factors set the layer's width (analyze's "Scaled by" column; optimize cuts by it).
    x = g.scale(g.conv2d(x, { filters, kernelSize: 3, strides: 2, padding: 'same' }, \`block\${i + 1}_conv\`), 'alpha');
    x = g.relu(g.batchNorm(x, {}, \`block\${i + 1}_bn\`), \`block\${i + 1}_relu\`);
  }
  x = g.globalAveragePool(x, {}, 'gap');
  return g.build([g.softmax(g.scale(g.dense(x, f.classes, {}, 'predictions'), 'classes'), 'softmax')]);
}
`,
    'src/plugin.ts': `import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes } from './factors.js';
import { build } from './build.js';

export const ${symbol} = defineArchitecture({
  name: '${name}',
  description: '${name}: describe the network and its scaling factors',
  bases: [{ base: '${base}' }],
  factors,
  defaults,
  codes,
  build,
  examples: ['${base}_1_96_c3_o2', '${base}_0.5_64_c1_o10_d2'],
});
`,
    'src/index.ts': `export { ${symbol} as default, ${symbol} } from './plugin.js';\nexport { factors, defaults, codes } from './factors.js';\nexport type { Factors } from './factors.js';\n`,
    'src/plugin.test.ts': `import { architectureConformance } from '@cnn-analyzer/conformance';
import { ${symbol} } from './plugin.js';

// Add { name, params, macs, source } references from an independent implementation here.
architectureConformance(${symbol}, { references: [] });
`,
    'README.md': `# @cnn-analyzer/arch-${name}

${name} architecture plugin for CNN Analyzer.

| factor | code | default | range | meaning |
|---|---|---|---|---|
| alpha | | 1 | 0 < α ≤ 4 | width multiplier |
| resolution | | 96 | 32–1024 | input size, pixels |
| inputChannels | | 3 | 1–16 | input channels |
| classes | | 2 | ≥ 1 | output classes |
| depth | d | 3 | 1–4 | stride-2 conv blocks |

\`\`\`ts
import { ${symbol} } from '@cnn-analyzer/arch-${name}';
const { name, graph } = ${symbol}.create({ alpha: 0.5, depth: 2 }); // ${base}_0.5_96_c3_o2_d2
\`\`\`
`,
  };
}

module.exports = { archPluginFiles };
