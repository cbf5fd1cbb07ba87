export { BUILTIN_ARCHITECTURES, BUILTIN_DEVICES } from './builtin.js';
export { activePlugins, usePlugins, BUILTIN_PLUGINS } from './registry.js';
export type { PluginRegistry } from './registry.js';
export { loadPlugins } from './load.js';
export { findPluginConfig, pluginConfigSchema, CONFIG_FILES } from './config.js';
export type { FoundConfig, PluginConfig } from './config.js';
