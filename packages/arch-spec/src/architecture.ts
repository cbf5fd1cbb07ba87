import type { z } from 'zod';
import type { LayerGraph } from './ir.js';

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

/**
 * Any architecture plugin with its factor schema erased: what registries, the CLI and the sweep hold.
 * Every `Architecture<S>` is assignable to it without a cast; its factors are read as plain records.
 */
export type AnyArchitecture = Architecture<FactorSchema>;
