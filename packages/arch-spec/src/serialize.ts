import { z } from 'zod';
import { GraphError } from './errors.js';
import type { LayerGraph } from './ir.js';
import { validateGraph } from './validate.js';

const tensorSchema = z
  .object({
    name: z.string().min(1),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.enum(['float32', 'int8', 'uint8', 'int16', 'int32']),
  })
  .strict();

const nodeSchema = z
  .object({
    name: z.string().min(1),
    op: z.string().min(1),
    attrs: z.record(z.string(), z.unknown()),
    inputs: z.array(z.string()),
    outputs: z.array(z.string()).min(1),
  })
  .strict();

const graphSchema = z
  .object({
    name: z.string(),
    inputs: z.array(z.string()).min(1),
    outputs: z.array(z.string()).min(1),
    tensors: z.record(z.string(), tensorSchema),
    nodes: z.array(nodeSchema),
    scaling: z.record(z.string(), z.array(z.string())).optional(),
  })
  .strict();

/** Serialize a graph to JSON text (the IR is plain data, so this is lossless). */
export function graphToJSON(graph: LayerGraph, space?: number): string {
  return JSON.stringify(graph, null, space);
}

/** Parse and fully validate a graph from JSON text or an already parsed value. */
export function parseGraph(input: string | unknown): LayerGraph {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new GraphError(`graph JSON: ${(e as Error).message}`, '', input.slice(0, 40));
    }
  }
  const parsed = graphSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new GraphError(`graph JSON: ${path || '(root)'}: ${issue.message}`, path, undefined);
  }
  const graph = parsed.data as unknown as LayerGraph;
  validateGraph(graph);
  return graph;
}
