import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FactorError,
  describeFactors,
  encodeName,
  graphToJSON,
  parseGraph,
  parseName,
  topologicalOrder,
  validateGraph,
  type Architecture,
  type FactorInfo,
} from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { checkScaling } from './scaling-check.js';

/** A params/MACs value taken from an independent source. */
export interface ReferenceCase {
  /** Compound name of the variation. */
  readonly name: string;
  /** Keras `count_params()` of the reference implementation. */
  readonly params: number;
  readonly macs?: number;
  /** Where the numbers come from (a script, a table, a paper). */
  readonly source: string;
}

export interface ArchitectureConformanceOptions {
  /** Params/MACs that must match to the unit. */
  readonly references?: readonly ReferenceCase[];
  /** Runs of the random name round-trip property. @default 100 */
  readonly propertyRuns?: number;
}

/** A random value inside a factor's declared range (integers kept small enough to build). */
function arbitraryFor(info: FactorInfo): fc.Arbitrary<unknown> {
  if (info.kind === 'boolean') return fc.boolean();
  if (info.kind === 'enum') return fc.constantFrom(...(info.values ?? []));
  const m = /^(?:(-?[\d.]+) (<|≤) )?x(?: (<|≤) (-?[\d.]+))?/.exec(info.range);
  const lo = m?.[1] !== undefined ? Number(m[1]) + (m[2] === '<' ? 0.01 : 0) : 0;
  const hi = m?.[4] !== undefined ? Number(m[4]) - (m[3] === '<' ? 0.01 : 0) : lo + 1000;
  const value =
    info.kind === 'integer'
      ? fc.integer({ min: Math.ceil(lo), max: Math.min(Math.floor(hi), Math.ceil(lo) + 600) })
      : fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(Math.min(hi, lo + 4) * 100) }).map((v) => v / 100);
  return info.default === null ? fc.option(value, { nil: null }) : value;
}

/**
 * The conformance suite of an architecture plugin: factors parse and defaults are
 * valid, typos are rejected by name, every example name parses and round-trips, each
 * graph is acyclic with closed shapes and survives JSON, and params/MACs equal the
 * given independent references. Call it once inside a test file.
 */
export function architectureConformance(arch: Architecture, options: ArchitectureConformanceOptions = {}): void {
  const all = [arch];
  describe(`${arch.name} conformance`, () => {
    it('declares every factor with a description and a valid default', () => {
      const infos = describeFactors(arch);
      expect(infos.length).toBeGreaterThanOrEqual(4);
      for (const info of infos) expect(info.description, `factor ${info.key}`).not.toBe('');
      expect(arch.factors.safeParse(arch.defaults).success).toBe(true);
      expect(arch.resolve()).toEqual(arch.defaults);
    });

    it('rejects an unknown factor naming the plugin and the key', () => {
      expect(() => arch.resolve({ alhpa: 0.5 })).toThrow(FactorError);
      expect(() => arch.resolve({ alhpa: 0.5 })).toThrow(`${arch.name}: factors.alhpa: unknown key`);
    });

    it('rejects a negative alpha naming the field and value', () => {
      expect(() => arch.resolve({ alpha: -1 })).toThrow(/factors\.alpha: .*-1/);
    });

    const examples = arch.examples ?? [];
    it('has at least one example name', () => expect(examples.length).toBeGreaterThan(0));

    for (const example of examples) {
      describe(example, () => {
        it('parses and round-trips through the canonical name', () => {
          const parsed = parseName(example, all);
          expect(parsed.architecture.name).toBe(arch.name);
          const again = parseName(parsed.canonical, all);
          expect(again.factors).toEqual(parsed.factors);
          expect(again.canonical).toBe(parsed.canonical);
        });

        it('builds an acyclic graph whose shapes close and that survives JSON', () => {
          const parsed = parseName(example, all);
          const { graph } = arch.create(parsed.factors as Record<string, unknown>);
          validateGraph(graph);
          expect(topologicalOrder(graph)).toHaveLength(graph.nodes.length);
          const f = parsed.factors as unknown as { resolution: number; inputChannels: number; classes: number };
          expect(graph.tensors[graph.inputs[0]!]!.shape).toEqual([f.resolution, f.resolution, f.inputChannels]);
          expect(graph.tensors[graph.outputs[0]!]!.shape).toEqual([f.classes]);
          expect(parseGraph(graphToJSON(graph))).toEqual(JSON.parse(graphToJSON(graph)));
          const { totals } = analyzeGraph(graph);
          expect(totals.params).toBeGreaterThan(0);
          expect(totals.macs).toBeGreaterThan(0);
        });
      });
    }

    for (const ref of options.references ?? []) {
      it(`${ref.name}: params${ref.macs !== undefined ? ' and MACs' : ''} equal the reference (${ref.source})`, () => {
        const parsed = parseName(ref.name, all);
        const { totals } = analyzeGraph(arch.create(parsed.factors as Record<string, unknown>).graph);
        expect(totals.params).toBe(ref.params);
        if (ref.macs !== undefined) expect(totals.macs).toBe(ref.macs);
      });
    }

    it('each factor changes the widths of exactly the layers whose scaling claims it', () => {
      expect(arch.create().graph.scaling, 'the graph records which factors scale which layer').toBeDefined();
      for (const example of examples) {
        const parsed = parseName(example, all);
        expect(checkScaling(arch, parsed.factors as Record<string, unknown>), example).toEqual([]);
      }
    });

    it('round-trips names over random valid factor sets (property)', () => {
      const infos = describeFactors(arch);
      const record = fc.record(Object.fromEntries(infos.map((i) => [i.key, arbitraryFor(i)])));
      fc.assert(
        fc.property(record, (input) => {
          let factors;
          try {
            factors = arch.resolve(input);
          } catch (e) {
            if (e instanceof FactorError) return true; // outside a cross-factor rule: not a valid set
            throw e;
          }
          const name = encodeName(arch, factors);
          const parsed = parseName(name, all);
          expect(parsed.factors).toEqual(factors);
          expect(parsed.canonical).toBe(name);
          return true;
        }),
        { numRuns: options.propertyRuns ?? 100 },
      );
    });
  });
}
