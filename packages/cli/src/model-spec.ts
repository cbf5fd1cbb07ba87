import type { AnalysisInput } from '@cnn-analyzer/analysis';
import { resolve } from 'node:path';
import { parseName, toFlag, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { readTflite, tfliteToGraph } from '@cnn-analyzer/exporter';
import { findArchitecture, knownArchitectures } from './architectures.js';
import { parseFactorFlags } from './factor-flags.js';
import { UsageError } from './usage-error.js';
import { readModelFile } from './model-file.js';
import { importedName } from './model-name.js';

/** The reference model analyzed when no model is named. */
export const DEFAULT_MODEL = 'mobilenetv1_0.25_96_c3_o2';

/**
 * A model resolved from the command line: built by a plugin, or read from a .tflite file — exactly what the analysis
 * pipeline takes (for a file: its name and content hash as the name, `{ file, sha256 }` as its factors).
 */
export type ResolvedModel = AnalysisInput;

function fromFile(path: string): ResolvedModel {
  const bytes = readModelFile(path);
  const file = resolve(path);
  const { name, sha256 } = importedName(file, bytes);
  const { graph } = tfliteToGraph(readTflite(bytes), name);
  return { name, architecture: 'tflite', factors: { file, sha256 }, graph, source: 'tflite', fileBytes: bytes.length };
}

/** Refuse factor flags that change a value the compound name already fixes (the name would silently lose). */
function refuseOverrides(name: string, fixed: Readonly<Record<string, unknown>>, overrides: Readonly<Record<string, unknown>>, arch: Architecture): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(fixed, key) || fixed[key] === value) continue;
    const flag = `--${toFlag(key)}`;
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: the name ${name} already sets ${key} to ${JSON.stringify(fixed[key])}; change the name, or give the architecture (${arch.name} ${flag} ${String(value)} ...)`,
      `factors.${key}`,
      value,
    );
  }
}

/**
 * Resolve `<compound-name>`, `<architecture-id> --factor value ...` or `<file.tflite>` to a graph.
 * Factor flags after a compound name may repeat what the name says but not change it (that is refused).
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
  refuseOverrides(target, parsed.factors as Record<string, unknown>, overrides, parsed.architecture);
  return build(parsed.architecture, { ...(parsed.factors as Record<string, unknown>), ...overrides });
}
