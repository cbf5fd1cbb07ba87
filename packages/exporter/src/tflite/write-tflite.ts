import { Builder } from 'flatbuffers';
import { ENUMS, UNIONS, FILE_IDENTIFIER } from './generated/schema.js';
import { defaultValue, slot, storageType, tableFields, tableWidth as width } from './schema-access.js';
import { SCALAR_SIZE } from './flat-reader.js';
import type { TfliteModel, TfliteOperator, TfliteOptions, TfliteSubgraph, TfliteTensor } from './model.js';

const TENSOR_TYPES = ENUMS.TensorType as Record<string, number>;

/** Metadata entries a runtime reads; `stripMetadata` keeps them. */
export const RUNTIME_METADATA: ReadonlySet<string> = new Set(['OfflineMemoryAllocation']);

/** Options of {@link writeTflite}. */
export interface WriteOptions {
  /** Drop tensor and subgraph names to save flash. @default false */
  readonly stripNames?: boolean;
  /** Drop metadata entries (except TFLM's `OfflineMemoryAllocation`) and the description to save flash. @default false */
  readonly stripMetadata?: boolean;
}

/** Internals of the flatbuffers Builder used to copy a byte vector with a chosen alignment. */
interface BuilderInternals {
  space: number;
  bb: { bytes(): Uint8Array };
}

function byteVector(b: Builder, data: Uint8Array, alignment: number): number {
  b.startVector(1, data.length, alignment);
  const raw = b as unknown as BuilderInternals;
  raw.space -= data.length;
  raw.bb.bytes().set(data, raw.space);
  return b.endVector();
}

function intVector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
  return b.endVector();
}

function floatVector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
  return b.endVector();
}

function longVector(b: Builder, values: readonly number[]): number {
  b.startVector(8, values.length, 8);
  for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt(values[i]!));
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

/** Scalar field writers; a value equal to the schema default `d` is omitted, as flatc's code does. */
const SCALAR_WRITERS: Readonly<Record<string, (b: Builder, s: number, v: number, d: number) => void>> = {
  bool: (b, s, v, d) => b.addFieldInt8(s, v, d),
  byte: (b, s, v, d) => b.addFieldInt8(s, v, d),
  ubyte: (b, s, v, d) => b.addFieldInt8(s, v, d),
  short: (b, s, v, d) => b.addFieldInt16(s, v, d),
  ushort: (b, s, v, d) => b.addFieldInt16(s, v, d),
  int: (b, s, v, d) => b.addFieldInt32(s, v, d),
  uint: (b, s, v, d) => b.addFieldInt32(s, v, d),
  float: (b, s, v, d) => b.addFieldFloat32(s, v, d),
  long: (b, s, v, d) => b.addFieldInt64(s, BigInt(v), BigInt(d)),
};

/** Write an options table generically from the schema: scalars, enums and scalar vectors. */
function optionsTable(b: Builder, table: string, options: TfliteOptions): number {
  const fields = tableFields(table);
  const vectors = new Map<number, number>();
  for (const [name, f] of Object.entries(fields)) {
    const v = options[name];
    if (Array.isArray(v)) vectors.set(f.slot, f.type === '[float]' ? floatVector(b, v) : intVector(b, v));
  }
  b.startObject(width(table));
  for (const [name, f] of Object.entries(fields)) {
    const v = options[name];
    const base = storageType(f.type, SCALAR_SIZE);
    if (typeof v === 'number' && base) SCALAR_WRITERS[base]?.(b, f.slot, v, defaultValue(f));
  }
  for (const [s, off] of vectors) b.addFieldOffset(s, off, 0);
  return b.endObject();
}

function tensor(b: Builder, t: TfliteTensor, opts: WriteOptions): number {
  const name = opts.stripNames ? undefined : b.createString(t.name);
  const shape = intVector(b, t.shape);
  let quant: number | undefined;
  if (t.quantization) {
    const q = t.quantization;
    const scale = floatVector(b, q.scale);
    const zp = longVector(b, q.zeroPoint);
    const min = q.min && q.min.length > 0 ? floatVector(b, q.min) : undefined;
    const max = q.max && q.max.length > 0 ? floatVector(b, q.max) : undefined;
    b.startObject(width('QuantizationParameters'));
    if (min !== undefined) b.addFieldOffset(slot('QuantizationParameters', 'min'), min, 0);
    if (max !== undefined) b.addFieldOffset(slot('QuantizationParameters', 'max'), max, 0);
    b.addFieldOffset(slot('QuantizationParameters', 'scale'), scale, 0);
    b.addFieldOffset(slot('QuantizationParameters', 'zero_point'), zp, 0);
    b.addFieldInt32(slot('QuantizationParameters', 'quantized_dimension'), q.quantizedDimension, 0);
    quant = b.endObject();
  }
  b.startObject(width('Tensor'));
  b.addFieldOffset(slot('Tensor', 'shape'), shape, 0);
  b.addFieldInt8(slot('Tensor', 'type'), TENSOR_TYPES[t.type] ?? 0, 0);
  b.addFieldInt32(slot('Tensor', 'buffer'), t.buffer, 0);
  if (name !== undefined) b.addFieldOffset(slot('Tensor', 'name'), name, 0);
  if (quant !== undefined) b.addFieldOffset(slot('Tensor', 'quantization'), quant, 0);
  if (t.isVariable) b.addFieldInt8(slot('Tensor', 'is_variable'), 1, 0);
  return b.endObject();
}

function operator(b: Builder, op: TfliteOperator): number {
  const inputs = intVector(b, op.inputs);
  const outputs = intVector(b, op.outputs);
  const tag = (UNIONS.BuiltinOptions as readonly string[]).indexOf(op.optionsType);
  const options = tag > 0 ? optionsTable(b, op.optionsType, op.options) : undefined;
  b.startObject(width('Operator'));
  b.addFieldInt32(slot('Operator', 'opcode_index'), op.opcodeIndex, 0);
  b.addFieldOffset(slot('Operator', 'inputs'), inputs, 0);
  b.addFieldOffset(slot('Operator', 'outputs'), outputs, 0);
  if (options !== undefined) {
    b.addFieldInt8(slot('Operator', 'builtin_options_type'), tag, 0);
    b.addFieldOffset(slot('Operator', 'builtin_options'), options, 0);
  }
  return b.endObject();
}

function subgraph(b: Builder, sg: TfliteSubgraph, opts: WriteOptions): number {
  const tensors = offsetVector(b, sg.tensors.map((t) => tensor(b, t, opts)));
  const operators = offsetVector(b, sg.operators.map((o) => operator(b, o)));
  const inputs = intVector(b, sg.inputs);
  const outputs = intVector(b, sg.outputs);
  const name = opts.stripNames ? undefined : b.createString(sg.name);
  b.startObject(width('SubGraph'));
  b.addFieldOffset(slot('SubGraph', 'tensors'), tensors, 0);
  b.addFieldOffset(slot('SubGraph', 'inputs'), inputs, 0);
  b.addFieldOffset(slot('SubGraph', 'outputs'), outputs, 0);
  b.addFieldOffset(slot('SubGraph', 'operators'), operators, 0);
  if (name !== undefined) b.addFieldOffset(slot('SubGraph', 'name'), name, 0);
  return b.endObject();
}

/**
 * Serialize a {@link TfliteModel} as a .tflite flatbuffer (identifier `TFL3`) with the official
 * `flatbuffers` runtime; weight buffers are 16-byte aligned as TFLM expects.
 */
export function writeTflite(model: TfliteModel, opts: WriteOptions = {}): Uint8Array {
  const b = new Builder(1024 + model.buffers.reduce((s, x) => s + x.length + 32, 0));
  const buffers = offsetVector(
    b,
    model.buffers.map((data) => {
      const vec = data.length > 0 ? byteVector(b, data, 16) : undefined;
      b.startObject(width('Buffer'));
      if (vec !== undefined) b.addFieldOffset(slot('Buffer', 'data'), vec, 0);
      return b.endObject();
    }),
  );
  const subgraphs = offsetVector(b, model.subgraphs.map((sg) => subgraph(b, sg, opts)));
  const codes = offsetVector(
    b,
    model.operatorCodes.map((c) => {
      const custom = c.customCode !== undefined ? b.createString(c.customCode) : undefined;
      b.startObject(width('OperatorCode'));
      b.addFieldInt8(slot('OperatorCode', 'deprecated_builtin_code'), Math.min(c.builtinCode, 127), 0);
      if (custom !== undefined) b.addFieldOffset(slot('OperatorCode', 'custom_code'), custom, 0);
      b.addFieldInt32(slot('OperatorCode', 'version'), c.version, 1);
      b.addFieldInt32(slot('OperatorCode', 'builtin_code'), c.builtinCode, 0);
      return b.endObject();
    }),
  );
  // runtime metadata (TFLM's offline memory plan) stays when the rest is stripped
  const kept = opts.stripMetadata ? model.metadata.filter((m) => RUNTIME_METADATA.has(m.name)) : model.metadata;
  const metadata = opts.stripMetadata && kept.length === 0
    ? undefined
    : offsetVector(
        b,
        kept.map((m) => {
          const name = b.createString(m.name);
          b.startObject(width('Metadata'));
          b.addFieldOffset(slot('Metadata', 'name'), name, 0);
          b.addFieldInt32(slot('Metadata', 'buffer'), m.buffer, 0);
          return b.endObject();
        }),
      );
  const description = opts.stripMetadata ? undefined : b.createString(model.description);
  b.startObject(width('Model'));
  b.addFieldInt32(slot('Model', 'version'), model.version, 0);
  b.addFieldOffset(slot('Model', 'operator_codes'), codes, 0);
  b.addFieldOffset(slot('Model', 'subgraphs'), subgraphs, 0);
  if (description !== undefined) b.addFieldOffset(slot('Model', 'description'), description, 0);
  b.addFieldOffset(slot('Model', 'buffers'), buffers, 0);
  if (metadata !== undefined) b.addFieldOffset(slot('Model', 'metadata'), metadata, 0);
  b.finish(b.endObject(), FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}
