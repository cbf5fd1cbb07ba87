import type { Architecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { UsageError } from './usage-error.js';

/** The architecture plugins the CLI ships with. */
export const BUILTIN_ARCHITECTURES: readonly Architecture[] = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];

/** Find a plugin by its id (`mobilenet-v1`). */
export function findArchitecture(id: string, architectures: readonly Architecture[] = BUILTIN_ARCHITECTURES): Architecture | undefined {
  return architectures.find((a) => a.name === id);
}

/** Like {@link findArchitecture} but throws a usage error listing the known ids. */
export function requireArchitecture(id: string, architectures: readonly Architecture[] = BUILTIN_ARCHITECTURES): Architecture {
  const arch = findArchitecture(id, architectures);
  if (!arch) {
    throw new UsageError(`architecture ${JSON.stringify(id)} is unknown (known: ${architectures.map((a) => a.name).join(', ')})`, 'architecture', id);
  }
  return arch;
}
