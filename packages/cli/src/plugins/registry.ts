import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import type { Device } from '@cnn-analyzer/device';
import { BUILTIN_ARCHITECTURES, BUILTIN_DEVICES } from './builtin.js';

/** The plugins a CLI run knows: the built-in ones and those its configuration lists. */
export interface PluginRegistry {
  readonly architectures: readonly AnyArchitecture[];
  readonly devices: readonly Device[];
  /** The configuration file they were read from; absent when none was found (built-ins only). */
  readonly configPath?: string;
  /** The folder the configuration was searched from; sweep workers load the same plugins from it. */
  readonly cwd?: string;
}

/** The built-in plugins alone (no configuration). */
export const BUILTIN_PLUGINS: PluginRegistry = Object.freeze({ architectures: BUILTIN_ARCHITECTURES, devices: BUILTIN_DEVICES });

let active: PluginRegistry = BUILTIN_PLUGINS;

/** The plugins of the current run: what `run()` loaded from configuration, else the built-ins. */
export function activePlugins(): PluginRegistry {
  return active;
}

/** Make `registry` the plugins every lookup (`requireArchitecture`, `requireDevice`, …) sees. */
export function usePlugins(registry: PluginRegistry): void {
  active = registry;
}
