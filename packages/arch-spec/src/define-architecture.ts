import { z } from 'zod';
import { FactorError, show } from './errors.js';
import type { LayerGraph } from './ir.js';
import { encodeName } from './name-codec.js';
import { rangeOf } from './factor-info.js';

/** The four factors every architecture has; they form the fixed part of a compound name. */
export interface HeaderFactors {
  /** Width multiplier α. */
  alpha: number;
  /** Input height and width, pixels. */
  resolution: number;
  /** Input channels (3 for RGB). */
  inputChannels: number;
  /** Number of output classes. */
  classes: number;
}

/** A factor schema: a strict zod object whose output includes the header factors. */
export type FactorSchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/** Factors after defaults and validation. */
export type ResolvedFactors<S extends FactorSchema> = Readonly<z.output<S>>;

/** Factors as a user gives them: any subset, defaults fill the rest. */
export type FactorInput<S extends FactorSchema> = Partial<z.input<S>>;

/** A cross-factor rule: returns a message when the factors break it, else `undefined`. */
export interface FactorRule<F> {
  /** Short name of the rule, used in the error (`filters divisible by groups`). */
  readonly name: string;
  /** Factor keys the rule reads; the first is used as the error path. */
  readonly factors: readonly (keyof F & string)[];
  check(factors: F): string | undefined;
}

/** A base name of the architecture and the factor values it stands for (`mobilenetv3smallNSQ`). */
export interface BaseName<F> {
  readonly base: string;
  readonly factors?: Partial<F>;
}

/** What a plugin author writes. */
export interface ArchitectureConfig<S extends FactorSchema> {
  /** Plugin id, kebab-case (`mobilenet-v1`); also the CLI's architecture argument. */
  readonly name: string;
  readonly description: string;
  /** Base names in compound names; the first whose factors match is used when encoding. */
  readonly bases: readonly BaseName<z.output<S>>[];
  /** Strict zod object of every factor. Must include alpha, resolution, inputChannels, classes. */
  readonly factors: S;
  /** The one source of default values. */
  readonly defaults: z.output<S>;
  /** Variation codes used in names, in the order they are written (`{ loopLength: 'l' }`). */
  readonly codes: Partial<Record<keyof z.output<S> & string, string>>;
  /** Rules across factors, checked before anything is built. */
  readonly rules?: readonly FactorRule<z.output<S>>[];
  /** Build the layer graph of fully resolved factors. */
  build(factors: ResolvedFactors<S>): LayerGraph;
  /** Compound names that illustrate the plugin; the conformance suite builds each. */
  readonly examples?: readonly string[];
}

/** A validated, frozen architecture plugin. */
export interface Architecture<S extends FactorSchema = FactorSchema> extends ArchitectureConfig<S> {
  /** Apply defaults, validate every factor and rule; throws {@link FactorError}. */
  resolve(input?: FactorInput<S> | Record<string, unknown>): ResolvedFactors<S>;
  /** Resolve then build; the graph is named by its canonical compound name. */
  create(input?: FactorInput<S> | Record<string, unknown>): { name: string; factors: ResolvedFactors<S>; graph: LayerGraph };
}

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
