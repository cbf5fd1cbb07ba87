import type { Lifetime } from './plan-graph.js';
import { alignUp, greedyArena, placeInOrder, TFLM_BUFFER_ALIGNMENT, type ArenaPlan } from './greedy-arena.js';

/** The best of several first-fit placements, and which ordering won. */
export interface OfflinePlan extends ArenaPlan {
  readonly strategy: string;
  /** TFLM's greedy arena for the same buffers, for comparison. */
  readonly greedyBytes: number;
}

/**
 * An offline placement (for TFLM's offline memory plan metadata) that is never worse than the
 * greedy arena: first-fit in several buffer orders — TFLM's own, by lifetime start, by
 * size × lifetime, by lifetime length — keeping the smallest arena.
 */
export function offlinePlacement(buffers: readonly Lifetime[], alignment = TFLM_BUFFER_ALIGNMENT): OfflinePlan {
  const greedy = greedyArena(buffers, alignment);
  const sized = buffers.map((b) => ({ ...b, size: alignUp(b.bytes, alignment) }));
  const ids = sized.map((_, i) => i);
  const span = (i: number): number => sized[i]!.last - sized[i]!.first + 1;
  const orders: [string, number[]][] = [
    ['first-use', [...ids].sort((a, b) => sized[a]!.first - sized[b]!.first || sized[b]!.size - sized[a]!.size)],
    ['size×lifetime', [...ids].sort((a, b) => sized[b]!.size * span(b) - sized[a]!.size * span(a))],
    ['lifetime', [...ids].sort((a, b) => span(b) - span(a) || sized[b]!.size - sized[a]!.size)],
  ];
  let best: OfflinePlan = { ...greedy, strategy: 'tflm-greedy', greedyBytes: greedy.arenaBytes };
  for (const [strategy, order] of orders) {
    const plan = placeInOrder(sized, order);
    if (plan.arenaBytes < best.arenaBytes) best = { ...plan, strategy, greedyBytes: greedy.arenaBytes };
  }
  return best;
}
