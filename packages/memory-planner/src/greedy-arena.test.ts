import { describe, expect, it } from 'vitest';
import { greedyArena, hasOverlap } from './greedy-arena.js';
import { offlinePlacement } from './offline-placement.js';
import type { Lifetime } from './plan-graph.js';

const buffers = (...specs: [number, number, number][]): Lifetime[] => specs.map(([bytes, first, last], i) => ({ id: `b${i}`, bytes, first, last }));
const offsets = (plan: ReturnType<typeof greedyArena>): number[] => plan.placements.map((p) => p.offset);

// Expected offsets and sizes re-expressed from TFLM's greedy_memory_planner_test.cc (planner level, no alignment).
describe('TFLM GreedyMemoryPlanner emulation', () => {
  it('TestGreedyBasics: two buffers that never overlap share offset 0; 20 bytes', () => {
    const plan = greedyArena(buffers([10, 0, 1], [20, 2, 3]), 1);
    expect(offsets(plan)).toEqual([0, 0]);
    expect(plan.arenaBytes).toBe(20);
  });

  it('TestGreedyMedium: offsets 50, 70, 40, 0, 0 and 90 bytes', () => {
    const plan = greedyArena(buffers([10, 0, 1], [20, 1, 2], [30, 2, 3], [40, 3, 4], [50, 0, 1]), 1);
    expect(offsets(plan)).toEqual([50, 70, 40, 0, 0]);
    expect(plan.arenaBytes).toBe(90);
    expect(hasOverlap(plan)).toBe(false);
  });

  it('TestOverlapCase: 120 bytes', () => {
    expect(greedyArena(buffers([100, 0, 1], [50, 2, 3], [20, 1, 2]), 1).arenaBytes).toBe(120);
  });

  it('TestPersonDetectionModel: no overlap and less than the 241,027-byte sum', () => {
    const sizes: [number, number, number][] = [
      [9216, 0, 29], [3, 28, 29], [256, 27, 28], [2304, 26, 27], [2304, 25, 26], [2304, 24, 25], [1152, 23, 24],
      [4608, 22, 23], [4608, 21, 22], [4608, 20, 21], [4608, 19, 20], [4608, 18, 19], [4608, 17, 18], [4608, 16, 17],
      [4608, 15, 16], [4608, 14, 15], [4608, 13, 14], [4608, 12, 13], [2304, 11, 12], [9216, 10, 11], [9216, 9, 10],
      [9216, 8, 9], [4608, 7, 8], [18432, 6, 7], [18432, 5, 6], [18432, 4, 5], [9216, 3, 4], [36864, 2, 3], [18432, 1, 2], [18432, 0, 1],
    ];
    const plan = greedyArena(buffers(...sizes), 1);
    expect(hasOverlap(plan)).toBe(false);
    expect(plan.arenaBytes).toBeLessThan(241_027);
    expect(offlinePlacement(buffers(...sizes), 1).arenaBytes).toBeLessThanOrEqual(plan.arenaBytes);
  });

  it('aligns every buffer to 16 bytes as the TFLM arena does', () => {
    const plan = greedyArena(buffers([3, 0, 1], [17, 0, 1]));
    expect(plan.placements.map((p) => p.size)).toEqual([16, 32]);
    expect(plan.arenaBytes).toBe(48);
  });
});
