// Pieces every generated plugin package shares (plain CommonJS, loaded by Nx generators and by the tests).
// The files come from the EJS templates under tools/generators/files, written with @nx/devkit's generateFiles.
'use strict';

const { join } = require('node:path');
const { generateFiles, offsetFromRoot } = require('@nx/devkit');
const { createTree } = require('@nx/devkit/testing');

const FILES = join(__dirname, '..', 'files');

/** camelCase of a kebab-case id. */
function camel(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Fail unless `name` is a kebab-case id. */
function checkName(name) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`name: ${JSON.stringify(name)} must be kebab-case`);
}

/**
 * Write a plugin package into `tree` at `dir`: the shared package files (package.json, tsconfig.json,
 * tsup.config.ts, with paths up to the workspace root) and the kind's own templates.
 * @param {import('@nx/devkit').Tree} tree
 * @param {'arch-plugin' | 'device-plugin'} kind
 * @param {string} dir folder of the plugin, relative to the workspace root
 * @param {Record<string, unknown>} substitutions template values (name, symbol, packageName, …)
 */
function writePluginPackage(tree, kind, dir, substitutions) {
  const values = { ...substitutions, offset: offsetFromRoot(dir), tmpl: '' };
  generateFiles(tree, join(FILES, 'shared'), dir, values);
  generateFiles(tree, join(FILES, kind), dir, values);
}

/**
 * The files `write` puts in a plugin folder, keyed by path relative to it (an in-memory tree; nothing on disk).
 * @param {string} dir where the plugin would go, relative to the workspace root (sets the relative paths)
 * @param {(tree: import('@nx/devkit').Tree, dir: string) => void} write
 * @returns {Record<string, string>}
 */
function filesOf(dir, write) {
  const tree = createTree();
  write(tree, dir);
  const prefix = `${dir}/`;
  return Object.fromEntries(tree.listChanges().filter((c) => c.type === 'CREATE' && c.path.startsWith(prefix)).map((c) => [c.path.slice(prefix.length), c.content.toString('utf8')]));
}

module.exports = { camel, checkName, writePluginPackage, filesOf };
