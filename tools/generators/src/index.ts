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
