import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import { activePlugins } from './plugins/registry.js';
import { UsageError } from './usage-error.js';

export { BUILTIN_ARCHITECTURES } from './plugins/builtin.js';

/** The architectures of this run: the built-in ones plus those the plugin configuration lists. */
export function knownArchitectures(): readonly AnyArchitecture[] {
  return activePlugins().architectures;
}

/** Find a plugin by its id (`mobilenet-v1`). */
export function findArchitecture(id: string, architectures: readonly AnyArchitecture[] = knownArchitectures()): AnyArchitecture | undefined {
  return architectures.find((a) => a.name === id);
}

/** Like {@link findArchitecture} but throws a usage error listing the known ids. */
export function requireArchitecture(id: string, architectures: readonly AnyArchitecture[] = knownArchitectures()): AnyArchitecture {
  const arch = findArchitecture(id, architectures);
  if (!arch) {
    throw new UsageError(`architecture ${JSON.stringify(id)} is unknown (known: ${architectures.map((a) => a.name).join(', ')})`, 'architecture', id);
  }
  return arch;
}
