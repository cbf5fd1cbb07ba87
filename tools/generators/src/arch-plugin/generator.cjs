// Nx generator: `npx nx g @cnn-analyzer/generators:arch-plugin <name>`.
'use strict';
const { writeArchPlugin } = require('./templates.cjs');
const { registerPlugin, registrationMessage } = require('../register-plugin.cjs');

module.exports = async function archPluginGenerator(tree, options) {
  const dir = `${options.directory || 'plugins/arch'}/${options.name}`;
  if (tree.exists(`${dir}/package.json`)) throw new Error(`name: ${dir} already exists`);
  writeArchPlugin(tree, dir, options);
  const entry = `./${dir}`;
  const registered = registerPlugin(tree, 'architectures', entry);
  return () => {
    console.log(`Created ${dir}. ${registrationMessage(registered, 'architectures', entry)} Run \`npm install\` to link it, \`npx nx run @cnn-analyzer/arch-${options.name}:build\`, then \`npx vitest run ${dir}\`.`);
  };
};
