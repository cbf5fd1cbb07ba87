import { GraphError } from './errors.js';
import type { LayerGraph } from './ir.js';
import { inferNode } from './infer.js';
import { isOpType } from './ops/registry.js';

const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Check a graph end to end: unique names, known ops with valid attributes, every tensor
 * produced exactly once before it is used (so the listed order is a valid execution
 * order and the graph is acyclic), and every recorded shape equal to its shape rule.
 * Throws a {@link GraphError} or `ShapeError` naming the layer.
 */
export function validateGraph(graph: LayerGraph): void {
  const g = graph.name;
  const available = new Set<string>();
  const seenNodes = new Set<string>();
  for (const input of graph.inputs) {
    if (!graph.tensors[input]) throw new GraphError(`${g}: graph input ${JSON.stringify(input)} has no tensor`, 'inputs', input);
    available.add(input);
  }
  for (const node of graph.nodes) {
    const where = (): string => `${g}: layer ${JSON.stringify(node.name)}`;
    if (seenNodes.has(node.name)) throw new GraphError(`${where()}: name used twice`, `nodes.${node.name}`, node.name);
    seenNodes.add(node.name);
    if (!isOpType(node.op)) throw new GraphError(`${where()}: unknown op ${JSON.stringify(node.op)}`, `nodes.${node.name}.op`, node.op);
    for (const t of node.inputs) {
      if (!available.has(t)) {
        const reason = graph.tensors[t] ? 'is used before the layer that produces it (cycle or bad order)' : 'does not exist';
        throw new GraphError(`${where()}: input tensor ${JSON.stringify(t)} ${reason}`, `nodes.${node.name}.inputs`, t);
      }
    }
    const inferred = inferNode(g, node.name, node.op, node.inputs.map((t) => graph.tensors[t]!.shape), node.attrs);
    if (inferred.length !== node.outputs.length) {
      throw new GraphError(`${where()}: produces ${inferred.length} tensors but lists ${node.outputs.length}`, `nodes.${node.name}.outputs`, node.outputs);
    }
    node.outputs.forEach((t, i) => {
      const info = graph.tensors[t];
      if (!info) throw new GraphError(`${where()}: output tensor ${JSON.stringify(t)} has no tensor entry`, `tensors.${t}`, t);
      if (available.has(t)) throw new GraphError(`${where()}: tensor ${JSON.stringify(t)} is produced twice`, `tensors.${t}`, t);
      if (!same(info.shape, inferred[i]!)) {
        throw new GraphError(
          `${where()}: tensor ${JSON.stringify(t)} is recorded as ${JSON.stringify(info.shape)} but the shape rule gives ${JSON.stringify(inferred[i])}`,
          `tensors.${t}.shape`,
          info.shape,
        );
      }
      available.add(t);
    });
  }
  for (const out of graph.outputs) {
    if (!available.has(out)) throw new GraphError(`${g}: graph output ${JSON.stringify(out)} is never produced`, 'outputs', out);
  }
  for (const layer of Object.keys(graph.scaling ?? {})) {
    if (!seenNodes.has(layer)) throw new GraphError(`${g}: scaling names layer ${JSON.stringify(layer)}, which is not in the graph`, `scaling.${layer}`, layer);
  }
}

/**
 * Kahn's algorithm over producer → consumer edges, ignoring the listed order.
 * Returns node names in a topological order, or throws when the graph has a cycle.
 */
export function topologicalOrder(graph: LayerGraph): string[] {
  const producer = new Map<string, string>();
  for (const n of graph.nodes) for (const t of n.outputs) producer.set(t, n.name);
  const indegree = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const deps = new Set(n.inputs.map((t) => producer.get(t)).filter((p): p is string => p !== undefined));
    indegree.set(n.name, deps.size);
    for (const d of deps) consumers.set(d, [...(consumers.get(d) ?? []), n.name]);
  }
  const ready = graph.nodes.filter((n) => indegree.get(n.name) === 0).map((n) => n.name);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const c of consumers.get(name) ?? []) {
      const left = indegree.get(c)! - 1;
      indegree.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (order.length !== graph.nodes.length) {
    const stuck = graph.nodes.find((n) => !order.includes(n.name))!;
    throw new GraphError(`${graph.name}: cycle through layer ${JSON.stringify(stuck.name)}`, `nodes.${stuck.name}`, stuck.name);
  }
  return order;
}
