import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { DeployedGraph, DeployedOp, DeployedTensor } from './types.js';

/** The buffer a tensor lives in: its own id, or the tensor it shares bytes with. */
export function bufferOf(graph: DeployedGraph, id: string): string {
  return graph.tensors[id]?.aliasOf ?? id;
}

/** Activation tensors, in insertion order. */
export function activationTensors(graph: DeployedGraph): DeployedTensor[] {
  return Object.values(graph.tensors).filter((t) => t.kind === 'activation');
}

/**
 * The deployed graph with its operators in another execution order, given by operator names (e.g. the memory
 * planner's lowest-peak order). QUANTIZE / DEQUANTIZE of float I/O stay first and last. Throws when a name is
 * missing or an operator would run before one of its inputs is computed.
 */
export function inOrder(graph: DeployedGraph, order: readonly string[]): DeployedGraph {
  const rank = new Map(order.map((name, i) => [name, i]));
  const pinned = (o: DeployedOp): number | undefined => (o.builtin === 'QUANTIZE' ? -1 : o.builtin === 'DEQUANTIZE' ? order.length : undefined);
  const missing = graph.ops.find((o) => pinned(o) === undefined && !rank.has(o.name));
  if (missing) throw new CnnAnalyzerError(`operatorOrder: layer ${JSON.stringify(missing.name)} is not listed`, 'operatorOrder', missing.name);
  const position = new Map(graph.ops.map((o, i) => [o, i]));
  const sorted = [...graph.ops].sort((a, b) => (pinned(a) ?? rank.get(a.name)!) - (pinned(b) ?? rank.get(b.name)!));
  const ready = new Set<string>();
  const produced = new Set(graph.ops.flatMap((o) => o.outputs));
  for (const op of sorted) {
    const early = op.inputs.find((t) => produced.has(t) && !ready.has(t));
    if (early !== undefined) throw new CnnAnalyzerError(`operatorOrder: layer ${JSON.stringify(op.name)} would run before ${JSON.stringify(early)} is computed`, 'operatorOrder', op.name);
    op.outputs.forEach((t) => ready.add(t));
  }
  const newIndex = new Map(sorted.map((o, i) => [position.get(o)!, i]));
  const opsOf = Object.fromEntries(Object.entries(graph.opsOf).map(([k, v]) => [k, v.map((i) => newIndex.get(i)!)]));
  return { ...graph, ops: sorted, opsOf };
}
