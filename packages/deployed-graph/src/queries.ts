import type { DeployedGraph, DeployedTensor } from './types.js';

/** The buffer a tensor lives in: its own id, or the tensor it shares bytes with. */
export function bufferOf(graph: DeployedGraph, id: string): string {
  return graph.tensors[id]?.aliasOf ?? id;
}

/** Activation tensors, in insertion order. */
export function activationTensors(graph: DeployedGraph): DeployedTensor[] {
  return Object.values(graph.tensors).filter((t) => t.kind === 'activation');
}

/** Constant tensors, in insertion order. */
export function constantTensors(graph: DeployedGraph): DeployedTensor[] {
  return Object.values(graph.tensors).filter((t) => t.kind === 'constant');
}
