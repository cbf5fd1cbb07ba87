import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseName, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { readTflite, tfliteToGraph } from '@cnn-analyzer/exporter';
import { findArchitecture, knownArchitectures } from './architectures.js';
import { parseFactorFlags } from './factor-flags.js';
import { UsageError } from './usage-error.js';

/** The reference model analyzed when no model is named. */
export const DEFAULT_MODEL = 'mobilenetv1_0.25_96_c3_o2';

/** A model resolved from the command line: built by a plugin, or read from a .tflite file. */
export interface ResolvedModel {
  /** Canonical compound name, or the file name. */
  readonly name: string;
  /** Plugin id, or `tflite` for a file. */
  readonly architecture: string;
  /** Resolved factors; null for a file. */
  readonly factors: Readonly<Record<string, unknown>> | null;
  readonly graph: LayerGraph;
  /** Where the graph came from. */
  readonly source: 'plugin' | 'tflite';
  /** Bytes of the .tflite file, when the model is one. */
  readonly fileBytes?: number;
}

function fromFile(path: string): ResolvedModel {
  if (!existsSync(path)) throw new UsageError(`model file ${JSON.stringify(path)}: not found`, 'model', path);
  const bytes = readFileSync(path);
  const name = basename(path);
  const { graph } = tfliteToGraph(readTflite(bytes), name);
  return { name, architecture: 'tflite', factors: null, graph, source: 'tflite', fileBytes: bytes.length };
}

/**
 * Resolve `<compound-name>`, `<architecture-id> --factor value ...` or `<file.tflite>` to a graph.
 * Factor flags after a compound name override its factors.
 */
export function resolveModel(
  spec: string | undefined,
  factorArgs: readonly string[] = [],
  architectures: readonly Architecture[] = knownArchitectures(),
): ResolvedModel {
  const target = spec ?? DEFAULT_MODEL;
  if (target.endsWith('.tflite')) {
    if (factorArgs.length > 0) throw new UsageError(`factor flags do not apply to a .tflite file (got ${factorArgs[0]})`, 'argv', factorArgs[0]);
    return fromFile(target);
  }
  const overrides = parseFactorFlags(factorArgs);
  const arch = findArchitecture(target, architectures);
  const build = (a: Architecture, factors: Record<string, unknown>): ResolvedModel => {
    const { name, factors: resolved, graph } = a.create(factors);
    return { name, architecture: a.name, factors: resolved, graph, source: 'plugin' };
  };
  if (arch) return build(arch, overrides);
  if (/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(target)) {
    throw new UsageError(
      `architecture ${JSON.stringify(target)} is unknown (known: ${architectures.map((a) => a.name).join(', ')})`,
      'architecture',
      target,
    );
  }
  const parsed = parseName(target, architectures);
  return build(parsed.architecture, { ...(parsed.factors as Record<string, unknown>), ...overrides });
}
