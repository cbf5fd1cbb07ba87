import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const templates = require('./arch-plugin/templates.cjs') as {
  archPluginFiles(options: { name: string; base?: string }): Record<string, string>;
};

/** The files of a new architecture plugin, keyed by path relative to the plugin folder. */
export function archPluginFiles(options: { name: string; base?: string }): Record<string, string> {
  return templates.archPluginFiles(options);
}

const deviceTemplates = require('./device-plugin/templates.cjs') as {
  devicePluginFiles(options: { name: string }): Record<string, string>;
};

/** The files of a new board plugin, keyed by path relative to the plugin folder. */
export function devicePluginFiles(options: { name: string }): Record<string, string> {
  return deviceTemplates.devicePluginFiles(options);
}

type Tree = import('@nx/devkit').Tree;
type Generator<O> = (tree: Tree, options: O) => Promise<() => void>;

/** The Nx generators themselves (they write the plugin and register it in the CNN Analyzer configuration). */
export const archPluginGenerator = require('./arch-plugin/generator.cjs') as Generator<{ name: string; base?: string; directory?: string }>;
export const devicePluginGenerator = require('./device-plugin/generator.cjs') as Generator<{ name: string; directory?: string }>;

const registration = require('./register-plugin.cjs') as {
  registerPlugin(tree: Tree, kind: 'architectures' | 'devices', entry: string): { file: string; action: 'created' | 'updated' | 'unchanged' | 'manual' };
};

/** Add a plugin entry to the workspace's CNN Analyzer configuration (package.json key or cnn-analyzer.config.json). */
export const registerPlugin = registration.registerPlugin;
