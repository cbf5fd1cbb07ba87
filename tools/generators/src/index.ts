import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const templates = require('./arch-plugin/templates.cjs') as {
  archPluginFiles(options: { name: string; base?: string }): Record<string, string>;
};

/** The files of a new architecture plugin, keyed by path relative to the plugin folder. */
export function archPluginFiles(options: { name: string; base?: string }): Record<string, string> {
  return templates.archPluginFiles(options);
}
