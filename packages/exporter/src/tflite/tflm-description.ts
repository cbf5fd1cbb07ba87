import type { TflmModelDescription, TflmTensorType } from '@cnn-analyzer/memory-planner';
import type { TfliteModel } from './model.js';

/** Name of TFLM's offline memory plan metadata entry (`micro_allocation_info.cc`). */
export const OFFLINE_PLAN_METADATA = 'OfflineMemoryAllocation';

const TYPES: Readonly<Record<string, TflmTensorType>> = {
  FLOAT32: 'float32', FLOAT16: 'float16', INT32: 'int32', UINT8: 'uint8', INT64: 'int64', BOOL: 'bool',
  INT16: 'int16', INT8: 'int8', INT4: 'int4', UINT32: 'uint32', UINT16: 'uint16', FLOAT64: 'float64',
};

/**
 * The offsets of a file's `OfflineMemoryAllocation` entry: int32 words `[version, subgraph, count,
 * offset × count]`, −1 for online-planned tensors. Undefined when the file has none.
 */
export function offlineOffsetsOf(model: TfliteModel): number[] | undefined {
  const entry = model.metadata.find((m) => m.name === OFFLINE_PLAN_METADATA);
  const data = entry ? model.buffers[entry.buffer] : undefined;
  if (!data || data.length < 12) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint32(8, true);
  return Array.from({ length: Math.min(count, (data.length - 12) / 4) }, (_, i) => view.getInt32(12 + 4 * i, true));
}

/** Encode offsets (one per tensor, −1 = online) as TFLM's `OfflineMemoryAllocation` buffer (version 1, subgraph 0). */
export function encodeOfflinePlan(offsets: readonly number[]): Uint8Array {
  const out = new Uint8Array(12 + 4 * offsets.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, offsets.length, true);
  offsets.forEach((o, i) => view.setInt32(12 + 4 * i, o, true));
  return out;
}

/** What TFLM's allocator sees in a `.tflite` model (first subgraph), for `tflmArena`. */
export function tflmDescriptionOf(model: TfliteModel): TflmModelDescription {
  const sg = model.subgraphs[0]!;
  const offlineOffsets = offlineOffsetsOf(model);
  return {
    tensors: sg.tensors.map((t) => {
      const type = TYPES[t.type];
      if (!type) throw new Error(`tensor ${JSON.stringify(t.name)}: type ${t.type} is not supported by TFLM`);
      const q = t.quantization;
      return {
        shape: t.shape,
        type,
        constant: (model.buffers[t.buffer]?.length ?? 0) > 0,
        quantizationChannels: q && q.scale.length > 0 && q.zeroPoint.length > 0 ? q.scale.length : 0,
        variable: t.isVariable,
      };
    }),
    operators: sg.operators.map((op) => {
      const builtin = model.operatorCodes[op.opcodeIndex]?.builtin ?? 'CUSTOM';
      const o = op.options;
      const window = typeof o.padding === 'number' && typeof o.stride_h === 'number' && typeof o.stride_w === 'number'
        ? { window: { padding: o.padding === 1 ? ('valid' as const) : ('same' as const), strides: [o.stride_h, o.stride_w] as const } }
        : {};
      return { builtin, inputs: op.inputs, outputs: op.outputs, ...window };
    }),
    inputs: sg.inputs,
    outputs: sg.outputs,
    ...(offlineOffsets ? { offlineOffsets } : {}),
  };
}

/** The model with an `OfflineMemoryAllocation` entry holding `offsets` (replacing any earlier one). */
export function withOfflinePlan(model: TfliteModel, offsets: readonly number[]): TfliteModel {
  const count = model.subgraphs[0]!.tensors.length;
  if (offsets.length !== count) throw new Error(`offline plan: ${offsets.length} offsets for ${count} tensors (TFLM needs one per tensor)`);
  const metadata = model.metadata.filter((m) => m.name !== OFFLINE_PLAN_METADATA);
  return {
    ...model,
    buffers: [...model.buffers, encodeOfflinePlan(offsets)],
    metadata: [...metadata, { name: OFFLINE_PLAN_METADATA, buffer: model.buffers.length }],
  };
}
