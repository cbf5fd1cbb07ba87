// Nx generator: `npx nx g @cnn-analyzer/generators:device-plugin <name>`.
'use strict';
const { devicePluginFiles } = require('./templates.cjs');

module.exports = async function devicePluginGenerator(tree, options) {
  const dir = `${options.directory || 'plugins/device'}/${options.name}`;
  if (tree.exists(`${dir}/package.json`)) throw new Error(`name: ${dir} already exists`);
  for (const [path, content] of Object.entries(devicePluginFiles(options))) tree.write(`${dir}/${path}`, content);
  return () => {
    console.log(`Created ${dir}. Run \`npm install\`, replace the example calibration point, then \`npx vitest run ${dir}\`.`);
  };
};
