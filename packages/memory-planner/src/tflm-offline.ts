import { offlinePlacement } from './offline-placement.js';
import { operatorAllocations } from './tflm-kernels.js';
import type { TflmModelDescription } from './tflm-model.js';
import { tflmBuffers, tflmPlan, type ScratchRequest } from './tflm-plan.js';

/** Offsets for a file's `OfflineMemoryAllocation` entry and what they buy. */
export interface TflmOfflinePlan {
  /** One per tensor: byte offset in the arena, −1 for tensors TFLM does not plan (constants, variables). */
  readonly offsets: readonly number[];
  /** TFLM's head with these offsets (scratch buffers still planned online), bytes. */
  readonly headBytes: number;
  /** TFLM's own greedy head for the same model, bytes. */
  readonly greedyHeadBytes: number;
  /** Which ordering of the offline placement won (see `offlinePlacement`). */
  readonly strategy: string;
}

/**
 * An offline memory plan for TFLM: the planner's best first-fit placement of the buffers TFLM
 * plans (with TFLM's own lifetimes), as offsets per tensor. Never worse than TFLM's greedy head,
 * since the greedy placement is one of the candidates. Any offsets already in `desc` are ignored.
 */
export function tflmOfflinePlan(desc: TflmModelDescription): TflmOfflinePlan {
  const online: TflmModelDescription = { tensors: desc.tensors, operators: desc.operators, inputs: desc.inputs, outputs: desc.outputs };
  const scratch: ScratchRequest[] = desc.operators.flatMap((op, operator) => operatorAllocations(online, op).scratch.map((bytes) => ({ operator, bytes })));
  const tensors = tflmBuffers(online).filter((b) => !b.id.startsWith('scratch:'));
  const greedyHeadBytes = tflmPlan(tflmBuffers(online, scratch)).headBytes;
  const placement = offlinePlacement(tensors);
  const offsets = new Array<number>(desc.tensors.length).fill(-1);
  for (const p of placement.placements) offsets[Number(p.id)] = p.offset;
  const headBytes = tflmPlan(tflmBuffers({ ...online, offlineOffsets: offsets }, scratch)).headBytes;
  if (headBytes > greedyHeadBytes) {
    // the scratch buffers did not fit the gaps: leave every tensor to TFLM's own planner
    return { offsets: offsets.map(() => -1), headBytes: greedyHeadBytes, greedyHeadBytes, strategy: 'tflm-greedy' };
  }
  return { offsets, headBytes, greedyHeadBytes, strategy: placement.strategy };
}
