import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { optimalOrder } from './reorder.js';
import { isValidOrder, lifetimes, type PlanGraph } from './plan-graph.js';
import { peakMemory } from './peak.js';
import { greedyArena, hasOverlap } from './greedy-arena.js';
import { offlinePlacement } from './offline-placement.js';
import { deploymentView } from './deployment-view.js';

/** A random DAG: op i reads 1–2 earlier buffers; every op writes one buffer of random size. */
const dagArb = fc
  .array(fc.record({ bytes: fc.integer({ min: 1, max: 5000 }), a: fc.nat(), b: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 1, maxLength: 14 })
  .map((specs): PlanGraph => {
    const tensors: Record<string, { id: string; bytes: number }> = { in: { id: 'in', bytes: 1000 } };
    const ops = specs.map((s, i) => {
      const pool = ['in', ...specs.slice(0, i).map((_, j) => `t${j}`)];
      const inputs = [...new Set([pool[s.a % pool.length]!, ...(s.b !== undefined ? [pool[s.b % pool.length]!] : [])])];
      tensors[`t${i}`] = { id: `t${i}`, bytes: s.bytes };
      return { name: `op${i}`, type: 'op', inputs, outputs: [`t${i}`] };
    });
    return { name: 'random', tensors, ops, inputs: ['in'], outputs: [`t${specs.length - 1}`] };
  });

describe('planning over random DAGs (properties)', () => {
  it('reordering never raises the peak and always returns a valid topological order', () => {
    fc.assert(
      fc.property(dagArb, (g) => {
        const r = optimalOrder(g);
        expect(isValidOrder(g, r.order)).toBe(true);
        expect(r.peakBytes).toBeLessThanOrEqual(peakMemory(g).peakBytes);
        expect(peakMemory(g, r.order).peakBytes).toBe(r.peakBytes);
      }),
      { numRuns: 150 },
    );
  });

  it('the heuristic fallback also keeps a valid order and never a higher peak', () => {
    fc.assert(
      fc.property(dagArb, (g) => {
        const r = optimalOrder(g, { maxStates: 2 });
        expect(isValidOrder(g, r.order)).toBe(true);
        expect(r.peakBytes).toBeLessThanOrEqual(r.defaultPeakBytes);
      }),
      { numRuns: 100 },
    );
  });

  it('no two simultaneously live buffers overlap in the greedy or the offline plan, and offline ≤ greedy', () => {
    fc.assert(
      fc.property(dagArb, fc.boolean(), (g, reorder) => {
        const order = reorder ? optimalOrder(g).order : undefined;
        const spans = lifetimes(g, order);
        const greedy = greedyArena(spans);
        const offline = offlinePlacement(spans);
        expect(hasOverlap(greedy)).toBe(false);
        expect(hasOverlap(offline)).toBe(false);
        expect(offline.arenaBytes).toBeLessThanOrEqual(greedy.arenaBytes);
        // An arena can never be smaller than the largest working set (16-byte alignment only adds).
        expect(greedy.arenaBytes).toBeGreaterThanOrEqual(peakMemory(g, order).peakBytes);
      }),
      { numRuns: 150 },
    );
  });
});

describe('reordering a branch', () => {
  it('finishes one branch before starting the other when that lowers the peak (exact search)', () => {
    // x (100 B) feeds two branches, each a 1,000-byte expansion then a 10-byte projection; add joins them.
    const sizes: [string, number][] = [['x', 100], ['b1', 1000], ['b2', 10], ['c1', 1000], ['c2', 10], ['y', 10]];
    const g: PlanGraph = {
      name: 'two-branches',
      tensors: Object.fromEntries(sizes.map(([id, bytes]) => [id, { id, bytes }])),
      ops: [
        { name: 'B1', type: 'conv', inputs: ['x'], outputs: ['b1'] },
        { name: 'C1', type: 'conv', inputs: ['x'], outputs: ['c1'] },
        { name: 'B2', type: 'conv', inputs: ['b1'], outputs: ['b2'] },
        { name: 'C2', type: 'conv', inputs: ['c1'], outputs: ['c2'] },
        { name: 'ADD', type: 'add', inputs: ['b2', 'c2'], outputs: ['y'] },
      ],
      inputs: ['x'],
      outputs: ['y'],
    };
    // Listed order: at C1, x + b1 + c1 = 2,100 bytes are alive.
    expect(peakMemory(g).peakBytes).toBe(2100);
    const r = optimalOrder(g);
    expect(r.method).toBe('exact');
    // B1, B2, C1, C2: the worst step holds x + b1 + b2 (or x + b2 + c1) = 1,110 bytes.
    expect(r.peakBytes).toBe(1110);
    expect(r.order.map((i) => g.ops[i]!.name)).toEqual(['B1', 'B2', 'C1', 'C2', 'ADD']);
  });

  it('keeps a valid order and no higher peak on a residual graph built with GraphBuilder', () => {
    const b = new GraphBuilder('res');
    const x = b.input([16, 16, 8]);
    const wide = b.conv2d(b.conv2d(x, { filters: 64, kernelSize: 1 }, 'expand'), { filters: 8, kernelSize: 1 }, 'project');
    const side = b.conv2d(b.conv2d(x, { filters: 2, kernelSize: 1 }, 'squeeze'), { filters: 8, kernelSize: 1 }, 'unsqueeze');
    const g = deploymentView(b.build([b.add([wide, side], 'add')]));
    const r = optimalOrder(g);
    expect(r.method).toBe('exact');
    expect(r.peakBytes).toBeLessThanOrEqual(r.defaultPeakBytes);
    expect(isValidOrder(g, r.order)).toBe(true);
  });
});
