// Files of a new board plugin, from the templates in tools/generators/files/device-plugin
// (plain CommonJS so that Nx loads it without a TypeScript loader).
'use strict';

const { camel, checkName, writePluginPackage, filesOf } = require('../plugin-package.cjs');

/**
 * Write a board plugin into `tree` at `dir`.
 * @param {import('@nx/devkit').Tree} tree
 * @param {string} dir
 * @param {{ name: string }} options
 */
function writeDevicePlugin(tree, dir, options) {
  const name = options.name;
  checkName(name);
  writePluginPackage(tree, 'device-plugin', dir, {
    name,
    symbol: camel(name),
    packageName: `@cnn-analyzer/device-${name}`,
    description: `${name} board plugin for CNN Analyzer.`,
    tag: 'layer:device-plugin',
    dependencies: { '@cnn-analyzer/device': '0.1.0' },
  });
}

/**
 * @param {{ name: string, directory?: string }} options
 * @returns {Record<string, string>} relative path → file content
 */
function devicePluginFiles(options) {
  return filesOf(`${options.directory || 'plugins/device'}/${options.name}`, (tree, dir) => writeDevicePlugin(tree, dir, options));
}

module.exports = { devicePluginFiles, writeDevicePlugin };
