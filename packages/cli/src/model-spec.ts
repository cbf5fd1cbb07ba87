import { parseName, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { BUILTIN_ARCHITECTURES, findArchitecture } from './architectures.js';
import { parseFactorFlags } from './factor-flags.js';
import { UsageError } from './usage-error.js';

/** The reference model analyzed when no model is named. */
export const DEFAULT_MODEL = 'mobilenetv1_0.25_96_c3_o2';

/** A model resolved from the command line. */
export interface ResolvedModel {
  /** Canonical compound name. */
  readonly name: string;
  readonly architecture: Architecture;
  readonly factors: Readonly<Record<string, unknown>>;
  readonly graph: LayerGraph;
}

/**
 * Resolve `<compound-name>` or `<architecture-id> --factor value ...` to a built graph.
 * Factor flags after a compound name override its factors.
 */
export function resolveModel(
  spec: string | undefined,
  factorArgs: readonly string[] = [],
  architectures: readonly Architecture[] = BUILTIN_ARCHITECTURES,
): ResolvedModel {
  const overrides = parseFactorFlags(factorArgs);
  const target = spec ?? DEFAULT_MODEL;
  const arch = findArchitecture(target, architectures);
  if (arch) {
    const { name, factors, graph } = arch.create(overrides);
    return { name, architecture: arch, factors, graph };
  }
  if (/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(target)) {
    throw new UsageError(
      `architecture ${JSON.stringify(target)} is unknown (known: ${architectures.map((a) => a.name).join(', ')})`,
      'architecture',
      target,
    );
  }
  const parsed = parseName(target, architectures);
  const { name, factors, graph } = parsed.architecture.create({ ...(parsed.factors as Record<string, unknown>), ...overrides });
  return { name, architecture: parsed.architecture, factors, graph };
}
