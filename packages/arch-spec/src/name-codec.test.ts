import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineArchitecture } from './define-architecture.js';
import { encodeName, parseName } from './name-codec.js';
import { GraphBuilder } from './graph-builder.js';
import { FactorError, NameError } from './errors.js';
import { describeFactors } from './factor-info.js';

/** A tiny architecture exercising every kind of coded factor: numbers, nullable, boolean, base-selected enum. */
const tiny = defineArchitecture({
  name: 'tiny-net',
  description: 'test network',
  bases: [
    { base: 'tinynet', factors: { squeeze: true } },
    { base: 'tinynetNSQ', factors: { squeeze: false } },
  ],
  factors: z
    .object({
      alpha: z.number().gt(0).lte(2).describe('width'),
      resolution: z.number().int().min(8).max(256).describe('input size'),
      inputChannels: z.number().int().min(1).max(4).describe('input channels'),
      classes: z.number().int().min(1).describe('classes'),
      loopLength: z.number().int().min(0).max(5).describe('repeats'),
      lastLayerChannels: z.number().int().positive().nullable().describe('last channels'),
      groups: z.number().int().min(1).max(8).describe('groups'),
      squeeze: z.boolean().describe('squeeze-and-excitation'),
      keras: z.boolean().describe('Keras layout'),
    })
    .strict(),
  defaults: { alpha: 1, resolution: 32, inputChannels: 3, classes: 2, loopLength: 5, lastLayerChannels: null, groups: 1, squeeze: true, keras: false },
  codes: { loopLength: 'l', lastLayerChannels: 'll', groups: 'g', keras: 'keras' },
  rules: [
    {
      name: 'last layer channels divisible by groups',
      factors: ['lastLayerChannels', 'groups'],
      check: (f) => (f.lastLayerChannels !== null && f.lastLayerChannels % f.groups !== 0 ? `${f.lastLayerChannels} % ${f.groups} ≠ 0` : undefined),
    },
  ],
  build(f) {
    const b = new GraphBuilder('tiny');
    const x = b.input([f.resolution, f.resolution, f.inputChannels]);
    const y = b.conv2d(x, { filters: f.lastLayerChannels ?? 8, kernelSize: 1 });
    return b.build([b.softmax(b.dense(b.globalAveragePool(y), f.classes))]);
  },
});

describe('name codec', () => {
  it('leaves defaults out and writes codes in declared order', () => {
    expect(encodeName(tiny, tiny.resolve())).toBe('tinynet_1_32_c3_o2');
    expect(encodeName(tiny, tiny.resolve({ alpha: 0.25, lastLayerChannels: 32, loopLength: 3, squeeze: false }))).toBe('tinynetNSQ_0.25_32_c3_o2_l3ll32');
    expect(encodeName(tiny, tiny.resolve({ keras: true, groups: 2 }))).toBe('tinynet_1_32_c3_o2_g2keras');
  });

  it('parses back the exact factors, explicit defaults included', () => {
    const p = parseName('tinynetNSQ_0.25_64_c1_o10_l5ll32g2', [tiny]);
    expect(p.factors).toEqual({ alpha: 0.25, resolution: 64, inputChannels: 1, classes: 10, loopLength: 5, lastLayerChannels: 32, groups: 2, squeeze: false, keras: false });
    expect(p.canonical).toBe('tinynetNSQ_0.25_64_c1_o10_ll32g2');
    expect(parseName('tinynet_1.0_32_c3_o2_keras', [tiny]).factors.keras).toBe(true);
  });

  it.each([
    ['', /must be a non-empty string/],
    ['tinynet_1_32_c3', /expected <base>_<alpha>_<resolution>_c<channels>_o<classes>\[_<variation>\], got 4 part\(s\)/],
    ['tinynet_1_32_c3_o2_l3_x', /got 7 part\(s\)/],
    ['tinynet__32_c3_o2', /got 5 part/],
    ['other_1_32_c3_o2', /part 1 "other" is not a known base model \(known: tinynet, tinynetNSQ\)/],
    ['tinynet_one_32_c3_o2', /part 2 "one" must be the width multiplier/],
    ['tinynet_1_3x2_c3_o2', /part 3 "3x2" must be the input resolution/],
    ['tinynet_1_32_3_o2', /part 4 "3" must be the input channels written c<number>/],
    ['tinynet_1_32_c3_2', /part 5 "2" must be the number of classes written o<number>/],
    ['tinynet_1_32_c3_o2_z1', /unknown code at "z1" \(codes of tiny-net: keras, ll, l, g\)/],
    ['tinynet_1_32_c3_o2_l3l4', /code "l" appears twice/],
    ['tinynet_1_32_c3_o2_llx', /code "ll" \(lastLayerChannels\) must be followed by a number/],
  ])('rejects %j saying which part is wrong', (name, message) => {
    expect(() => parseName(name, [tiny])).toThrow(NameError);
    expect(() => parseName(name, [tiny])).toThrow(message);
  });

  it('reports out-of-range values and broken rules from a name as factor errors', () => {
    expect(() => parseName('tinynet_3_32_c3_o2', [tiny])).toThrow(FactorError);
    expect(() => parseName('tinynet_3_32_c3_o2', [tiny])).toThrow(/name "tinynet_3_32_c3_o2": tiny-net: factors\.alpha: .*\(got 3\)/);
    expect(() => parseName('tinynet_1_32_c3_o2_ll30g4', [tiny])).toThrow(
      'tiny-net: factors.lastLayerChannels: rule "last layer channels divisible by groups" broken: 30 % 4 ≠ 0 (lastLayerChannels=30, groups=4)',
    );
  });
});

describe('defineArchitecture', () => {
  it('names a typo and the plugin', () => {
    expect(() => tiny.resolve({ alhpa: 1 } as never)).toThrow('tiny-net: factors.alhpa: unknown key');
  });

  it('freezes resolved factors and names the graph canonically', () => {
    const { name, factors, graph } = tiny.create({ loopLength: 2 });
    expect(Object.isFrozen(factors)).toBe(true);
    expect(name).toBe('tinynet_1_32_c3_o2_l2');
    expect(graph.name).toBe(name);
  });

  it('refuses a plugin without the header factors or with invalid defaults', () => {
    expect(() =>
      defineArchitecture({ ...tiny, name: 'bad-net', factors: z.object({ alpha: z.number() }).strict(), defaults: { alpha: 1 }, codes: {} } as never),
    ).toThrow('bad-net: factors.resolution: every architecture needs this factor');
    expect(() => defineArchitecture({ ...tiny, name: 'bad-defaults', defaults: { ...tiny.defaults, alpha: 9 } })).toThrow(/bad-defaults: factors\.alpha/);
  });

  it('describes factors with ranges, codes and defaults for help text', () => {
    const info = Object.fromEntries(describeFactors(tiny).map((f) => [f.key, f]));
    expect(info.alpha).toMatchObject({ flag: 'alpha', range: '0 < x ≤ 2', kind: 'number', default: 1 });
    expect(info.loopLength).toMatchObject({ flag: 'loop-length', code: 'l', range: '0 ≤ x ≤ 5, integer', kind: 'integer' });
    expect(info.keras).toMatchObject({ kind: 'boolean', code: 'keras' });
  });
});
