import { ShapeError } from './errors.js';
import type { Shape } from './ir.js';
import type { OpAttrs, OpType } from './ops/attrs.js';
import { OPS } from './ops/registry.js';
import { QUICK_ATTRS } from './ops/quick-attrs.js';

/**
 * Run one op's shape rule with its arity checks, turning any failure into a
 * {@link ShapeError} that names the graph, the layer and the op.
 */
export function inferNode<T extends OpType>(
  graph: string,
  layer: string,
  op: T,
  inputs: readonly Shape[],
  attrs: OpAttrs[T],
): Shape[] {
  const def = Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op] : undefined;
    if (!def) throw new ShapeError(`${where(graph, layer, op)}: unknown op`, `nodes.${layer}.op`, op);
  let valid = attrs;
  // The quick check accepts only what the schema accepts; anything else goes through zod for its verdict and message.
  if (!QUICK_ATTRS[op](attrs)) {
    const parsed = def.attrs.safeParse(attrs);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['attrs', ...issue.path.map(String)].join('.');
      throw new ShapeError(`${where(graph, layer, op)}: ${path}: ${issue.message}`, `nodes.${layer}.${path}`, attrs);
    }
    valid = parsed.data as OpAttrs[T];
  }
  if (def.inputs === 'many' ? inputs.length < 1 : inputs.length !== def.inputs) {
    throw new ShapeError(`${where(graph, layer, op)}: expects ${def.inputs} input(s), got ${inputs.length}`, `nodes.${layer}.inputs`, inputs.length);
  }
  try {
    return def.inferShapes(inputs, valid);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ShapeError(`${where(graph, layer, op)}: ${reason}`, `nodes.${layer}`, inputs);
  }
}

function where(graph: string, layer: string, op: string): string {
  return `${graph}: layer ${JSON.stringify(layer)} (${op})`;
}
