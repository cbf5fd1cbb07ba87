import type { Device } from '@cnn-analyzer/device';
import { activePlugins } from './plugins/registry.js';
import { UsageError } from './usage-error.js';

export { BUILTIN_DEVICES } from './plugins/builtin.js';

/** The boards of this run: the built-in ones plus those the plugin configuration lists. */
export function knownDevices(): readonly Device[] {
  return activePlugins().devices;
}

/** A board by name, or a usage error listing the known ones. */
export function requireDevice(name: string, devices: readonly Device[] = knownDevices()): Device {
  const d = devices.find((x) => x.name === name);
  if (!d) throw new UsageError(`--device: ${JSON.stringify(name)} is unknown (known: ${devices.map((x) => x.name).join(', ')})`, 'device', name);
  return d;
}
