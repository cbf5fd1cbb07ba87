// Files of a new architecture plugin, from the templates in tools/generators/files/arch-plugin
// (plain CommonJS so that Nx can load it without a TypeScript loader).
'use strict';

const { camel, checkName, writePluginPackage, filesOf } = require('../plugin-package.cjs');

/**
 * Write an architecture plugin into `tree` at `dir`.
 * @param {import('@nx/devkit').Tree} tree
 * @param {string} dir
 * @param {{ name: string, base?: string }} options
 */
function writeArchPlugin(tree, dir, options) {
  const name = options.name;
  checkName(name);
  const base = options.base || name.replace(/-/g, '');
  if (!/^[a-z][a-z0-9]*$/.test(base)) throw new Error(`base: ${JSON.stringify(base)} must be lowercase letters and digits`);
  writePluginPackage(tree, 'arch-plugin', dir, {
    name,
    base,
    symbol: camel(name),
    packageName: `@cnn-analyzer/arch-${name}`,
    description: `${name} architecture plugin for CNN Analyzer.`,
    tag: 'layer:arch-plugin',
    dependencies: { '@cnn-analyzer/arch-spec': '0.1.0', zod: '^4.1.0' },
  });
}

/**
 * @param {{ name: string, base?: string, directory?: string }} options
 * @returns {Record<string, string>} relative path → file content
 */
function archPluginFiles(options) {
  return filesOf(`${options.directory || 'plugins/arch'}/${options.name}`, (tree, dir) => writeArchPlugin(tree, dir, options));
}

module.exports = { archPluginFiles, writeArchPlugin };
