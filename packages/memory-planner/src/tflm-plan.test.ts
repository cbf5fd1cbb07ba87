import { describe, expect, it } from 'vitest';
import { tflmBuffers, tflmPlan } from './tflm-plan.js';
import type { TflmModelDescription } from './tflm-model.js';

const act = (shape: number[]) => ({ shape, type: 'int8' as const, constant: false, quantizationChannels: 1, variable: false });

// input(0) → A → t1 → B → t2 → C → t3 (output); t0 also read by C (a skip connection); w is a constant
const chain: TflmModelDescription = {
  tensors: [act([1, 100]), act([1, 40]), act([1, 20]), act([1, 8]), { shape: [8], type: 'int8', constant: true, quantizationChannels: 1, variable: false }],
  operators: [
    { builtin: 'A', inputs: [0, 4], outputs: [1] },
    { builtin: 'B', inputs: [1], outputs: [2] },
    { builtin: 'C', inputs: [2, 0], outputs: [3] },
  ],
  inputs: [0],
  outputs: [3],
};

describe('TFLM lifetimes and GreedyMemoryPlanner', () => {
  it('gives scopes as AllocationInfoBuilder does: inputs at 0, operator i at i + 1, constants not planned', () => {
    expect(tflmBuffers(chain, [{ operator: 1, bytes: 4 }])).toEqual([
      { id: '0', bytes: 100, first: 0, last: 3 },
      { id: '1', bytes: 40, first: 1, last: 2 },
      { id: '2', bytes: 20, first: 2, last: 3 },
      { id: '3', bytes: 8, first: 3, last: 3 },
      { id: 'scratch:0', bytes: 4, first: 2, last: 2 },
    ]);
  });

  it('places largest first, first-fit against live buffers, sizes aligned to 16', () => {
    // sizes 112, 48, 32, 16: t0 at 0; t1 (alive with t0) at 112; t2 (alive with t0 and t1 at scope 2) at 160; t3 reuses t1's gap
    const plan = tflmPlan(tflmBuffers(chain));
    expect(Object.fromEntries(plan.offsets)).toEqual({ '0': 0, '1': 112, '2': 160, '3': 112 });
    expect(plan.headBytes).toBe(192);
  });

  it('keeps offline offsets and plans the other buffers around them', () => {
    const plan = tflmPlan(tflmBuffers({ ...chain, offlineOffsets: [80, 0, 48, -1, -1] }));
    expect(plan.offsets.get('0')).toBe(80);
    expect(plan.offsets.get('1')).toBe(0);
    expect(plan.offsets.get('2')).toBe(48);
    // t3 (16 B, scope 3, with t0 [80,192) and t2 [48,80)): the gap [0,48) fits
    expect(plan.offsets.get('3')).toBe(0);
    expect(plan.headBytes).toBe(192);
  });
});
