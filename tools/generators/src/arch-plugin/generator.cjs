// Nx generator: `npx nx g @cnn-analyzer/generators:arch-plugin <name>`.
'use strict';
const { archPluginFiles } = require('./templates.cjs');

module.exports = async function archPluginGenerator(tree, options) {
  const dir = `${options.directory || 'plugins/arch'}/${options.name}`;
  if (tree.exists(`${dir}/package.json`)) throw new Error(`name: ${dir} already exists`);
  for (const [path, content] of Object.entries(archPluginFiles(options))) tree.write(`${dir}/${path}`, content);
  return () => {
    console.log(`Created ${dir}. Run \`npm install\` to link it, then \`npx vitest run ${dir}\`.`);
  };
};
