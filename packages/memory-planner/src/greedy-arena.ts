import type { Lifetime } from './plan-graph.js';
import { firstFitOffsets } from './first-fit.js';

/** TFLM's arena buffer alignment (`MicroArenaBufferAlignment()`), bytes. */
export const TFLM_BUFFER_ALIGNMENT = 16;

/** A buffer placed in the arena. */
export interface Placement extends Lifetime {
  /** Byte offset in the arena. */
  readonly offset: number;
  /** Size reserved, bytes (aligned up). */
  readonly size: number;
}

/** A placement plan: every buffer's offset and the arena bytes it needs. */
export interface ArenaPlan {
  readonly placements: readonly Placement[];
  /** Highest `offset + size` over the buffers, bytes. */
  readonly arenaBytes: number;
}

/** Round `bytes` up to a multiple of `alignment`. */
export function alignUp(bytes: number, alignment: number): number {
  return Math.ceil(bytes / alignment) * alignment;
}

const overlaps = (a: Lifetime, b: Lifetime): boolean => !(a.first > b.last || b.first > a.last);

/**
 * First-fit placement in a given buffer order: each buffer goes into the lowest gap between
 * already placed buffers that are alive at the same time (TFLM's gap search).
 */
export function placeInOrder(buffers: readonly (Lifetime & { size: number })[], order: readonly number[]): ArenaPlan {
  const offsets = firstFitOffsets(
    buffers.map((b) => b.size),
    buffers.map((b) => b.first),
    buffers.map((b) => b.last),
    order,
  );
  const placements = buffers.map((b, i) => ({ ...b, offset: offsets[i]! }));
  return { placements, arenaBytes: placements.reduce((m, p) => Math.max(m, p.offset + p.size), 0) };
}

/**
 * TFLM's GreedyMemoryPlanner: sizes aligned up to 16 bytes, buffers taken largest first (its
 * stable bubble sort runs over the buffers in reverse order of addition, so among equal sizes the
 * buffer added last goes first), each placed first-fit against simultaneously live buffers.
 * `buffers` must be in TFLM's order of addition (tensor index order).
 */
export function greedyArena(buffers: readonly Lifetime[], alignment = TFLM_BUFFER_ALIGNMENT): ArenaPlan {
  const sized = buffers.map((b) => ({ ...b, size: alignUp(b.bytes, alignment) }));
  const order = sized.map((_, i) => i).reverse();
  // stable sort by size, descending (Array.prototype.sort is stable)
  order.sort((a, b) => sized[b]!.size - sized[a]!.size);
  return placeInOrder(sized, order);
}

/** True when two buffers alive at the same time share bytes. */
export function hasOverlap(plan: ArenaPlan): boolean {
  const p = plan.placements;
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j < p.length; j++) {
      const a = p[i]!;
      const b = p[j]!;
      if (overlaps(a, b) && a.offset < b.offset + b.size && b.offset < a.offset + a.size && a.size > 0 && b.size > 0) return true;
    }
  }
  return false;
}
