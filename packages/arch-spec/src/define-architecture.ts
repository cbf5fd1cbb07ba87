import { z } from 'zod';
import { FactorError, show } from './errors.js';
import type { Architecture, ArchitectureConfig, FactorInput, ResolvedFactors, FactorSchema } from './architecture.js';
import { encodeName } from './name-codec.js';
import { rangeOf } from './factor-info.js';

export type { AnyArchitecture, Architecture, ArchitectureConfig, BaseName, FactorInput, FactorRule, FactorSchema, HeaderFactors, ResolvedFactors } from './architecture.js';

const HEADER_KEYS = ['alpha', 'resolution', 'inputChannels', 'classes'] as const;

/**
 * The rule a factor's value must follow, in our words (never the validator's): `must be a whole number with
 * 32 ≤ x ≤ 1024`, `must be one of 1 | 2 | 3`, `must be true or false`; nullable factors add `or null (default)`.
 */
function ruleOf(field: z.core.$ZodType): string {
  const r = rangeOf(field as never);
  const orNull = z.safeParse(field, null).success ? ', or null for the architecture\'s default' : '';
  if (r.kind === 'boolean') return `must be true or false${orNull}`;
  if (r.kind === 'enum') return `must be one of ${r.range}${orNull}`;
  const condition = r.range.replace(/, integer$/, '');
  return `must be ${r.kind === 'integer' ? 'a whole number' : 'a number'}${condition === 'x' ? '' : ` with ${condition}`}${orNull}`;
}

/** Turn the first zod issue into a FactorError naming plugin, path, value and, for sets, the allowed values. */
function factorIssue(plugin: string, issue: z.core.$ZodIssue, input: Record<string, unknown>, shape: z.ZodRawShape): FactorError {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return new FactorError(`${plugin}: factors.${key}: unknown key`, `factors.${key}`, input[key]);
  }
  const key = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], input);
  const field = shape[String(issue.path[0])];
  const reason = field ? ruleOf(field) : 'is not a valid value';
  return new FactorError(`${plugin}: factors.${key}: ${reason} (got ${show(value)})`, `factors.${key}`, value);
}

/**
 * Validate, freeze and type an architecture plugin. Does no I/O and builds nothing.
 * Throws when the defaults do not satisfy the plugin's own schema.
 */
export function defineArchitecture<S extends FactorSchema>(config: ArchitectureConfig<S>): Architecture<S> {
  const { name } = config;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new FactorError(`architecture name ${show(name)} must be kebab-case`, 'name', name);
  const shape = config.factors.shape;
  for (const key of HEADER_KEYS) {
    if (!(key in shape)) throw new FactorError(`${name}: factors.${key}: every architecture needs this factor`, `factors.${key}`, undefined);
  }
  for (const key of Object.keys(config.codes)) {
    if (!(key in shape)) throw new FactorError(`${name}: codes.${key}: not a factor`, `codes.${key}`, key);
  }
  if (config.bases.length === 0) throw new FactorError(`${name}: bases: at least one base name is needed`, 'bases', []);

  const resolve = (input: Record<string, unknown> = {}): ResolvedFactors<S> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new FactorError(`${name}: factors: must be an object (got ${show(input)})`, 'factors', input);
    }
    const merged = { ...(config.defaults as Record<string, unknown>), ...dropUndefined(input) };
    const parsed = config.factors.safeParse(merged);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const unknown = issues.find((i) => i.code === 'unrecognized_keys');
      throw factorIssue(name, unknown ?? issues[0]!, merged, shape);
    }
    const factors = parsed.data as z.output<S>;
    for (const rule of config.rules ?? []) {
      const problem = rule.check(factors);
      if (problem) {
        const key = rule.factors[0] ?? 'factors';
        const values = rule.factors.map((k) => `${k}=${show((factors as Record<string, unknown>)[k])}`).join(', ');
        throw new FactorError(`${name}: factors.${key}: rule "${rule.name}" broken: ${problem} (${values})`, `factors.${key}`, (factors as Record<string, unknown>)[key]);
      }
    }
    return Object.freeze({ ...factors });
  };

  resolve(); // the defaults themselves must be valid

  const arch: Architecture<S> = {
    ...config,
    resolve: resolve as Architecture<S>['resolve'],
    create(input) {
      const factors = resolve(input as Record<string, unknown>);
      const compound = encodeName(arch, factors);
      const built = config.build(factors);
      return { name: compound, factors, graph: built.name === compound ? built : Object.freeze({ ...built, name: compound }) };
    },
  };
  return Object.freeze(arch);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
