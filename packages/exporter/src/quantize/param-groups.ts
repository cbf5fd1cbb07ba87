import type { Range } from '@cnn-analyzer/builders';
import { activationTensors, type DeployedGraph } from '@cnn-analyzer/deployed-graph';
import { activationParams, PROBABILITY_PARAMS, type ActivationParams } from './qparams.js';

/**
 * Decide every int8 activation tensor's parameters from the deployed graph's rules: tensors marked `shared` (ops
 * that only move data: TFLM requires the same parameters, or they are free) and every CONCATENATION's inputs and
 * output form one group that takes the union of its members' calibrated ranges (by IR tensor name); softmax and
 * logistic outputs are fixed at 1/256 and −128; hard-sigmoid's inner stages follow from its input's parameters.
 */
export function assignParams(deployed: DeployedGraph, ranges: ReadonlyMap<string, Range>): Map<string, ActivationParams> {
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
  const int8 = activationTensors(deployed).filter((t) => t.dtype === 'int8');
  const fixed = new Map<string, ActivationParams>();
  for (const t of int8) {
    if (t.quant?.rule === 'shared') union(t.id, t.quant.with);
    if (t.quant?.rule === 'probability') fixed.set(t.id, PROBABILITY_PARAMS);
  }
  for (const op of deployed.ops) if (op.builtin === 'CONCATENATION') for (const i of op.inputs) union(i, op.outputs[0]!);

  const groupRange = new Map<string, Range>();
  for (const t of int8) {
    const r = ranges.get(t.id);
    if (!r || fixed.has(t.id)) continue;
    const g = groupRange.get(find(t.id)) ?? { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    groupRange.set(find(t.id), { min: Math.min(g.min, r.min), max: Math.max(g.max, r.max) });
  }
  const params = new Map<string, ActivationParams>();
  for (const t of int8) {
    if (t.quant?.rule === 'hardSigmoid') continue;
    const r = groupRange.get(find(t.id));
    params.set(t.id, fixed.get(t.id) ?? activationParams(r?.min ?? 0, r?.max ?? 1));
  }
  for (const t of int8) {
    if (t.quant?.rule !== 'hardSigmoid') continue;
    const x = params.get(t.quant.of)!;
    const lo = (-128 - x.zeroPoint) * x.scale + 3;
    const hi = (127 - x.zeroPoint) * x.scale + 3;
    params.set(t.id, t.quant.stage === 'shifted' ? activationParams(lo, hi) : activationParams(Math.max(0, Math.min(6, lo)), Math.max(0, Math.min(6, hi))));
  }
  return params;
}
