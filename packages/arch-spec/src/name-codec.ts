import { FactorError, NameError, show } from './errors.js';
import type { Architecture, FactorSchema, ResolvedFactors } from './architecture.js';

/** Format a factor value as the study does (Python `str`): 0.25 → "0.25", 1 → "1". */
export function formatFactorNumber(value: number): string {
  return String(value);
}

const NAME_SHAPE = '<base>_<alpha>_<resolution>_c<channels>_o<classes>[_<variation>]';
const DECIMAL = /^\d+(?:\.\d+)?$/;

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

/** The base name that the factors select (`mobilenetv3smallNSQ`). */
function baseFor(arch: Architecture, factors: Record<string, unknown>): string {
  const hit = arch.bases.find((b) => Object.entries(b.factors ?? {}).every(([k, v]) => sameValue(factors[k], v)));
  if (!hit) throw new FactorError(`${arch.name}: no base name matches these factors`, 'factors', factors);
  return hit.base;
}

/** The variation code: the plugin's codes in order, each factor left out when at its default. */
export function variationCode(arch: Architecture, factors: Record<string, unknown>): string {
  let code = '';
  for (const [key, letter] of Object.entries(arch.codes) as [string, string][]) {
    const value = factors[key];
    if (sameValue(value, (arch.defaults as Record<string, unknown>)[key])) continue;
    if (typeof value === 'boolean') code += value ? letter : '';
    else if (typeof value === 'number') code += letter + formatFactorNumber(value);
    else if (value != null) throw new FactorError(`${arch.name}: factors.${key}: only numbers and booleans can be coded (got ${show(value)})`, `factors.${key}`, value);
  }
  return code;
}

/**
 * Encode resolved factors as the canonical compound name,
 * `<base>_<α>_<resolution>_c<channels>_o<classes>[_<variation>]`. Factors at their
 * default are left out of the variation code.
 */
export function encodeName<S extends FactorSchema>(arch: Architecture<S>, factors: ResolvedFactors<S>): string {
  const f = factors as unknown as Record<string, unknown> & { alpha: number; resolution: number; inputChannels: number; classes: number };
  const head = `${baseFor(arch as unknown as Architecture, f)}_${formatFactorNumber(f.alpha)}_${f.resolution}_c${f.inputChannels}_o${f.classes}`;
  const variation = variationCode(arch as unknown as Architecture, f);
  return variation ? `${head}_${variation}` : head;
}

/** Parse a variation code against an architecture's codes; longest code wins at each position. */
export function parseVariation(arch: Architecture, variation: string, name: string): Record<string, unknown> {
  const byCode = Object.entries(arch.codes as Record<string, string>)
    .map(([key, code]) => ({ key, code }))
    .sort((a, b) => b.code.length - a.code.length);
  const defaults = arch.defaults as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let i = 0;
  while (i < variation.length) {
    const hit = byCode.find((c) => variation.startsWith(c.code, i));
    if (!hit) {
      const known = byCode.map((c) => c.code).join(', ') || 'none';
      throw new NameError(
        `name ${show(name)}: variation ${show(variation)}: unknown code at ${show(variation.slice(i))} (codes of ${arch.name}: ${known})`,
        'name.variation',
        variation,
      );
    }
    if (hit.key in out) {
      throw new NameError(`name ${show(name)}: variation ${show(variation)}: code ${show(hit.code)} appears twice`, 'name.variation', variation);
    }
    i += hit.code.length;
    if (typeof defaults[hit.key] === 'boolean') {
      out[hit.key] = true;
      continue;
    }
    const m = /^\d+(?:\.\d+)?/.exec(variation.slice(i));
    if (!m) {
      throw new NameError(
        `name ${show(name)}: variation ${show(variation)}: code ${show(hit.code)} (${hit.key}) must be followed by a number`,
        'name.variation',
        variation,
      );
    }
    out[hit.key] = Number(m[0]);
    i += m[0].length;
  }
  return out;
}

/** Result of parsing a compound name. */
export interface ParsedName<S extends FactorSchema = FactorSchema> {
  readonly architecture: Architecture<S>;
  readonly factors: ResolvedFactors<S>;
  /** The canonical spelling (defaults left out). */
  readonly canonical: string;
}

function headerPart(name: string, part: string, index: number, what: string, prefix = ''): number {
  const body = part.startsWith(prefix) ? part.slice(prefix.length) : undefined;
  if (body === undefined || !DECIMAL.test(body)) {
    throw new NameError(
      `name ${show(name)}: part ${index + 1} ${show(part)} must be ${what}${prefix ? ` written ${prefix}<number>` : ''} (expected ${NAME_SHAPE})`,
      `name.part${index + 1}`,
      part,
    );
  }
  return Number(body);
}

/**
 * Parse a compound name into its architecture and exact factors. Explicit default
 * values in the variation code are accepted; `canonical` drops them.
 * Throws {@link NameError} saying which part is wrong, or {@link FactorError} for a value out of range.
 */
export function parseName(name: string, architectures: readonly Architecture[]): ParsedName {
  if (typeof name !== 'string' || name.length === 0) throw new NameError(`name: must be a non-empty string (got ${show(name)})`, 'name', name);
  const parts = name.split('_');
  if (parts.length < 5 || parts.length > 6 || parts.some((p) => p.length === 0)) {
    throw new NameError(`name ${show(name)}: expected ${NAME_SHAPE}, got ${parts.length} part(s)`, 'name', name);
  }
  const [base, alpha, resolution, channels, classes, variation] = parts as [string, string, string, string, string, string?];
  let arch: Architecture | undefined;
  let baseFactors: Record<string, unknown> = {};
  for (const a of architectures) {
    const hit = a.bases.find((b) => b.base === base);
    if (hit) {
      arch = a;
      baseFactors = { ...(hit.factors ?? {}) };
      break;
    }
  }
  if (!arch) {
    const known = architectures.flatMap((a) => a.bases.map((b) => b.base)).join(', ');
    throw new NameError(`name ${show(name)}: part 1 ${show(base)} is not a known base model (known: ${known})`, 'name.part1', base);
  }
  const factors: Record<string, unknown> = {
    ...baseFactors,
    alpha: headerPart(name, alpha, 1, 'the width multiplier α, a decimal number'),
    resolution: headerPart(name, resolution, 2, 'the input resolution, an integer'),
    inputChannels: headerPart(name, channels, 3, 'the input channels', 'c'),
    classes: headerPart(name, classes, 4, 'the number of classes', 'o'),
    ...(variation !== undefined ? parseVariation(arch, variation, name) : {}),
  };
  let resolved: ResolvedFactors<FactorSchema>;
  try {
    resolved = arch.resolve(factors);
  } catch (e) {
    if (e instanceof FactorError) throw new FactorError(`name ${show(name)}: ${e.message}`, e.path, e.value);
    throw e;
  }
  return { architecture: arch, factors: resolved, canonical: encodeName(arch, resolved) };
}
