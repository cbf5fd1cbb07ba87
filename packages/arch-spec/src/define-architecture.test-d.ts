import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineArchitecture } from './define-architecture.js';
import type { AnyArchitecture, Architecture, FactorInput } from './architecture.js';
import { headerFactorSchemas } from './header-factors.js';
import { GraphBuilder } from './graph-builder.js';
import type { LayerGraph } from './ir.js';

const factors = z
  .object({
    ...headerFactorSchemas(),
    depth: z.number().int().min(1).max(4),
    activation: z.enum(['relu', 'relu6']),
    squeeze: z.boolean().default(false),
  })
  .strict();

const build = (f: { resolution: number; inputChannels: number; classes: number }): LayerGraph => {
  const g = new GraphBuilder('tiny');
  const x = g.input([f.resolution, f.resolution, f.inputChannels]);
  return g.build([g.dense(g.globalAveragePool(x, {}, 'gap'), f.classes, {}, 'predictions')]);
};

const tiny = defineArchitecture({
  name: 'tiny-net',
  description: 'type test',
  bases: [{ base: 'tiny', factors: { depth: 2 } }],
  factors,
  defaults: { alpha: 1, resolution: 96, inputChannels: 3, classes: 2, depth: 3, activation: 'relu', squeeze: false },
  codes: { depth: 'd', activation: 'a' },
  build,
});

describe('defineArchitecture infers the factor types from the schema', () => {
  it('keeps the schema type parameter', () => {
    expectTypeOf(tiny).toEqualTypeOf<Architecture<typeof factors>>();
  });

  it('resolves to the schema output, read-only', () => {
    type Resolved = ReturnType<typeof tiny.resolve>;
    expectTypeOf<Resolved['depth']>().toEqualTypeOf<number>();
    expectTypeOf<Resolved['activation']>().toEqualTypeOf<'relu' | 'relu6'>();
    expectTypeOf<Resolved['squeeze']>().toEqualTypeOf<boolean>();
    expectTypeOf<Resolved>().toMatchTypeOf<{ readonly alpha: number; readonly resolution: number }>();
    expectTypeOf(tiny.create().factors).toEqualTypeOf<Resolved>();
    expectTypeOf(tiny.create().graph).toEqualTypeOf<LayerGraph>();
  });

  it('takes partial input (defaults fill the rest), typed by z.input', () => {
    expectTypeOf(tiny.resolve).toBeCallableWith({ depth: 2 });
    expectTypeOf(tiny.resolve).toBeCallableWith({});
    expectTypeOf(tiny.resolve).toBeCallableWith();
  });

  it('types build, rules and bases over the resolved factors', () => {
    defineArchitecture({
      name: 'typed-build',
      description: '',
      bases: [{ base: 'typed' }],
      factors,
      defaults: { alpha: 1, resolution: 96, inputChannels: 3, classes: 2, depth: 3, activation: 'relu', squeeze: false },
      codes: {},
      rules: [
        {
          name: 'depth fits the resolution',
          factors: ['depth', 'resolution'],
          check: (f) => {
            expectTypeOf(f.depth).toEqualTypeOf<number>();
            return undefined;
          },
        },
      ],
      build: (f) => {
        expectTypeOf(f.activation).toEqualTypeOf<'relu' | 'relu6'>();
        return build(f);
      },
    });
  });

  it('rejects defaults, codes and rules that do not match the schema', () => {
    const defaults = { alpha: 1, resolution: 96, inputChannels: 3, classes: 2, depth: 3, activation: 'relu', squeeze: false } as const;
    // @ts-expect-error a default is missing
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad' }], factors, codes: {}, build, defaults: { alpha: 1, resolution: 96, inputChannels: 3, classes: 2, activation: 'relu', squeeze: false } });
    // @ts-expect-error a default has the wrong type
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad' }], factors, codes: {}, build, defaults: { ...defaults, depth: '3' } });
    // @ts-expect-error an enum default outside the set
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad' }], factors, codes: {}, build, defaults: { ...defaults, activation: 'gelu' } });
    // @ts-expect-error a code for a key that is not a factor
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad' }], factors, codes: { dpeth: 'd' }, build, defaults });
    // @ts-expect-error a rule reading a key that is not a factor
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad' }], factors, codes: {}, build, defaults, rules: [{ name: 'r', factors: ['dpeth'], check: () => undefined }] });
    // @ts-expect-error a base name standing for a factor that does not exist
    defineArchitecture({ name: 'bad', description: '', bases: [{ base: 'bad', factors: { dpeth: 2 } }], factors, codes: {}, build, defaults });
    // @ts-expect-error typed input of the wrong type (resolve also takes untyped records, from flags and files)
    const input: FactorInput<typeof factors> = { depth: 'two' };
    expectTypeOf(input).toEqualTypeOf<Partial<z.input<typeof factors>>>();
  });

  it('erases to AnyArchitecture without a cast, so registries hold any plugin', () => {
    expectTypeOf(tiny).toMatchTypeOf<AnyArchitecture>();
    const registry: readonly AnyArchitecture[] = [tiny];
    expectTypeOf(registry[0]!.resolve()).toMatchTypeOf<Readonly<Record<string, unknown>>>();
    expectTypeOf<AnyArchitecture['name']>().toEqualTypeOf<string>();
  });
});
