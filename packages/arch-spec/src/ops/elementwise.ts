import { defineOp, elements, type OpDefinition } from './definition.js';
import { noAttrs, type NoAttrs } from './activation.js';
import type { Shape } from '../ir.js';

/** NumPy broadcasting of two or more shapes (aligned at the last axis). */
export function broadcastShapes(shapes: readonly Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && dim !== d) {
        throw new Error(`shapes ${shapes.map((x) => JSON.stringify(x)).join(', ')} do not broadcast`);
      }
      dim = d;
    }
    out.push(dim);
  }
  return out;
}

function elementwiseBinary(type: string, broadcast: boolean): OpDefinition<NoAttrs> {
  return defineOp<NoAttrs>({
    type,
    attrs: noAttrs,
    inputs: 'many',
    outputs: 1,
    inferShapes(inputs) {
      if (inputs.length < 2) throw new Error(`needs at least 2 inputs, got ${inputs.length}`);
      if (!broadcast) {
        const first = JSON.stringify(inputs[0]);
        for (const s of inputs) {
          if (JSON.stringify(s) !== first) {
            throw new Error(`inputs must have equal shapes, got ${inputs.map((x) => JSON.stringify(x)).join(', ')}`);
          }
        }
      }
      return [broadcastShapes(inputs)];
    },
    // one operation per operand beyond the first, per output element
    flops: (inputs, [out]) => (inputs.length - 1) * elements(out!),
  });
}

/** Element-wise sum of equally shaped tensors (residual connections). */
export const add = elementwiseBinary('add', false);
/** Element-wise product with broadcasting (squeeze-and-excitation scaling). */
export const multiply = elementwiseBinary('multiply', true);
