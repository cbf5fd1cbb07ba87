import type { Evaluation } from './evaluate.js';

/** A variation without its layer rows, as results list it. */
export type Candidate = Omit<Evaluation, 'layers'>;

/** Drop the layer rows. */
export function candidateOf(e: Evaluation): Candidate {
  const { layers: _layers, ...rest } = e;
  return rest;
}

/**
 * The variations within the constraints that no other beats on every objective at once: larger α, more params,
 * and (with a board) lower latency. Sorted by α, then params, descending.
 */
export function paretoFront(passing: readonly Evaluation[]): Candidate[] {
  const better = (a: Evaluation, b: Evaluation): boolean => {
    const lat = (e: Evaluation): number => e.latencyMs ?? 0;
    const ge = a.alpha >= b.alpha && a.params >= b.params && lat(a) <= lat(b);
    const gt = a.alpha > b.alpha || a.params > b.params || lat(a) < lat(b);
    return ge && gt;
  };
  return passing
    .filter((e) => !passing.some((o) => better(o, e)))
    .sort((a, b) => b.alpha - a.alpha || b.params - a.params || a.name.localeCompare(b.name))
    .map(candidateOf);
}
