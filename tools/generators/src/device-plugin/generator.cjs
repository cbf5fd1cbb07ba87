// Nx generator: `npx nx g @cnn-analyzer/generators:device-plugin <name>`.
'use strict';
const { writeDevicePlugin } = require('./templates.cjs');
const { registerPlugin, registrationMessage } = require('../register-plugin.cjs');

module.exports = async function devicePluginGenerator(tree, options) {
  const dir = `${options.directory || 'plugins/device'}/${options.name}`;
  if (tree.exists(`${dir}/package.json`)) throw new Error(`name: ${dir} already exists`);
  writeDevicePlugin(tree, dir, options);
  const entry = `./${dir}`;
  const registered = registerPlugin(tree, 'devices', entry);
  return () => {
    console.log(`Created ${dir}. ${registrationMessage(registered, 'devices', entry)} Run \`npm install\`, replace the example calibration point, build it (\`npx nx run @cnn-analyzer/device-${options.name}:build\`), then \`npx vitest run ${dir}\`.`);
  };
};
