import { CnnAnalyzerError, describeFactors, type Architecture, type FactorInfo, type LayerGraph } from '@cnn-analyzer/arch-spec';

/** What the scaling check found wrong with one factor: layers that changed width unclaimed, or claimed and never changed. */
export interface ScalingMismatch {
  readonly factor: string;
  /** Layers whose width changed with the factor but which do not claim it. */
  readonly unclaimed: readonly string[];
  /** Layers that claim the factor but kept their width for every value tried. */
  readonly unchanged: readonly string[];
}

/** Output channels (last axis of the first output) of every layer, by name. */
function widths(graph: LayerGraph): Map<string, number> {
  return new Map(graph.nodes.map((n) => {
    const shape = graph.tensors[n.outputs[0]!]!.shape;
    return [n.name, shape[shape.length - 1]!];
  }));
}

/** Values to try for a factor, other than `current`: halves, doubles and neighbours inside the range, every other set value. */
function alternatives(info: FactorInfo, current: unknown): unknown[] {
  if (info.kind === 'boolean') return [!current];
  if (info.kind === 'enum') return (info.values ?? []).filter((v) => v !== current);
  if (current === null) return [16, 64];
  const v = current as number;
  const tries = info.kind === 'integer' ? [v - 1, v + 1, Math.floor(v / 2), v * 2] : [v / 2, v * 1.5, v * 2, v * 4];
  return [...(info.default === null ? [null] : []), ...tries.filter((t) => t > 0)];
}

/**
 * Check that each factor changes the widths of exactly the layers whose `scaling` entry names it: building the
 * variation with other values of the factor (all else at `base`), every layer whose output channels change must
 * claim the factor, and every layer claiming it must change for at least one value. Factors that add or remove
 * layers (loop length, structure switches) can shift layer names, so a value that changes the set of layers only counts
 * towards "claimed and changed"; values the plugin rejects are skipped.
 */
export function checkScaling(arch: Architecture, base: Record<string, unknown> = {}): ScalingMismatch[] {
  const factors = arch.resolve(base) as Record<string, unknown>;
  const graph = arch.create(factors).graph;
  const before = widths(graph);
  const scaling = graph.scaling ?? {};
  const mismatches: ScalingMismatch[] = [];
  for (const info of describeFactors(arch)) {
    const claimers = Object.keys(scaling).filter((layer) => scaling[layer]!.includes(info.key));
    const changed = new Set<string>();
    const changedKeepingLayers = new Set<string>();
    for (const value of alternatives(info, factors[info.key])) {
      let other: LayerGraph;
      try {
        other = arch.create({ ...factors, [info.key]: value }).graph;
      } catch (e) {
        if (e instanceof CnnAnalyzerError) continue; // a value the plugin rejects, or too small an input
        throw e;
      }
      const after = widths(other);
      const sameLayers = after.size === before.size && [...after.keys()].every((k) => before.has(k));
      // A layer the value removes counts as changed (an Add that exists only while two widths agree).
      for (const layer of before.keys()) if (!after.has(layer)) changed.add(layer);
      for (const [layer, w] of after) {
        if (!before.has(layer) || before.get(layer) === w) continue;
        changed.add(layer);
        // Layers added or removed can shift names (loop length), so only a value keeping the layers proves a change unclaimed.
        if (sameLayers) changedKeepingLayers.add(layer);
      }
    }
    const unclaimed = [...changedKeepingLayers].filter((l) => !claimers.includes(l));
    const unchanged = claimers.filter((l) => !changed.has(l));
    if (unclaimed.length > 0 || unchanged.length > 0) mismatches.push({ factor: info.key, unclaimed, unchanged });
  }
  return mismatches;
}
