import type { DeployedGraph } from '@cnn-analyzer/deployed-graph';

/**
 * Working memory while each layer runs: the largest working set of the operators the layer owns (its `source`),
 * or null for a layer fused into another's operator or dropped. `opBytes` is per deployed operator, in order.
 */
export function layerRamBytes(deployed: DeployedGraph, layers: readonly { readonly name: string }[], opBytes: readonly number[]): (number | null)[] {
  return layers.map((l) => {
    let ram: number | null = null;
    for (const k of deployed.opsOf[l.name] ?? []) {
      if (deployed.ops[k]!.source !== l.name) continue;
      ram = Math.max(ram ?? 0, opBytes[k] ?? 0);
    }
    return ram;
  });
}
