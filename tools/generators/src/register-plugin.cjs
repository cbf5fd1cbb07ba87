// Register a scaffolded plugin in the workspace's CNN Analyzer configuration, so the CLI loads it with no core file edited.
'use strict';

const { readJson, updateJson, writeJson } = require('@nx/devkit');

const JSON_CONFIG = 'cnn-analyzer.config.json';
const SCRIPT_CONFIGS = ['cnn-analyzer.config.js', 'cnn-analyzer.config.mjs'];

function addEntry(config, kind, entry) {
  const list = Array.isArray(config[kind]) ? config[kind] : [];
  return list.includes(entry) ? config : { ...config, [kind]: [...list, entry] };
}

/**
 * Add `entry` (`./plugins/arch/demo-net`) to the `kind` list of the root configuration: the `cnn-analyzer` key of
 * package.json or cnn-analyzer.config.json, whichever holds it (created as cnn-analyzer.config.json when there is
 * none). A .js/.mjs configuration is code and is not rewritten: the result says which line to add.
 * @param {import('@nx/devkit').Tree} tree
 * @param {'architectures' | 'devices'} kind
 * @param {string} entry
 * @returns {{ file: string, action: 'created' | 'updated' | 'unchanged' | 'manual' }}
 */
function registerPlugin(tree, kind, entry) {
  if (tree.exists('package.json') && readJson(tree, 'package.json')['cnn-analyzer'] !== undefined) {
    const before = JSON.stringify(readJson(tree, 'package.json')['cnn-analyzer']);
    updateJson(tree, 'package.json', (pkg) => ({ ...pkg, 'cnn-analyzer': addEntry(pkg['cnn-analyzer'], kind, entry) }));
    return { file: 'package.json', action: JSON.stringify(readJson(tree, 'package.json')['cnn-analyzer']) === before ? 'unchanged' : 'updated' };
  }
  if (tree.exists(JSON_CONFIG)) {
    const before = JSON.stringify(readJson(tree, JSON_CONFIG));
    updateJson(tree, JSON_CONFIG, (config) => addEntry(config, kind, entry));
    return { file: JSON_CONFIG, action: JSON.stringify(readJson(tree, JSON_CONFIG)) === before ? 'unchanged' : 'updated' };
  }
  const script = SCRIPT_CONFIGS.find((f) => tree.exists(f));
  if (script) return { file: script, action: 'manual' };
  writeJson(tree, JSON_CONFIG, { [kind]: [entry] });
  return { file: JSON_CONFIG, action: 'created' };
}

/** The line a generator prints about the registration. */
function registrationMessage(result, kind, entry) {
  if (result.action === 'manual') return `Add ${JSON.stringify(entry)} to ${kind} in ${result.file} (a script configuration is not rewritten).`;
  if (result.action === 'unchanged') return `${entry} is already in ${kind} of ${result.file}.`;
  return `Registered ${entry} in ${kind} of ${result.file}.`;
}

module.exports = { registerPlugin, registrationMessage };
