import type { Range } from '@cnn-analyzer/builders';
import type { DeployedOp } from './deploy-ops.js';
import { activationParams, PROBABILITY_PARAMS, type ActivationParams } from './qparams.js';

/** Ops whose int8 output must reuse their input's scale and zero point (TFLM requires it or it is free). */
const SHARES_INPUT = new Set(['averagePool', 'maxPool', 'reshape', 'flatten', 'zeroPadding', 'channelSplit', 'channelShuffle']);

/**
 * Decide every activation tensor's int8 parameters: ops that only move data share one set with
 * their input, a concatenation shares one set across its inputs and output (TFLM does not
 * rescale there), softmax and logistic outputs are fixed at 1/256 and −128; every group takes the
 * union of its members' calibrated ranges.
 */
export function assignParams(inputs: readonly string[], ops: readonly DeployedOp[], ranges: ReadonlyMap<string, Range>): Map<string, ActivationParams> {
  const parent = new Map<string, string>();
  const find = (t: string): string => {
    let r = t;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const fixed = new Map<string, ActivationParams>();
  for (const op of ops) {
    if (SHARES_INPUT.has(op.node.op)) for (const o of op.outputs) union(o, op.inputs[0]!);
    if (op.node.op === 'concat') for (const i of op.inputs) union(i, op.outputs[0]!);
    if (op.node.op === 'softmax' || op.node.op === 'sigmoid') fixed.set(op.outputs[0]!, PROBABILITY_PARAMS);
  }
  const groupRange = new Map<string, Range>();
  const all = [...inputs, ...ops.flatMap((o) => o.outputs)];
  for (const t of all) {
    const r = ranges.get(t);
    if (!r || fixed.has(t)) continue;
    const g = groupRange.get(find(t)) ?? { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    groupRange.set(find(t), { min: Math.min(g.min, r.min), max: Math.max(g.max, r.max) });
  }
  const params = new Map<string, ActivationParams>();
  for (const t of all) {
    const r = groupRange.get(find(t));
    params.set(t, fixed.get(t) ?? activationParams(r?.min ?? 0, r?.max ?? 1));
  }
  return params;
}
