import { ENUMS, UNIONS } from '../tflite/generated/schema.js';
import { SCALAR_SIZE } from '../tflite/flat-reader.js';
import { defaultValue, slot, storageType, tableFields, tableWidth } from '../tflite/schema-access.js';
import type { FileSizeBreakdown, LayerBytes } from '../tflite/size-breakdown.js';
import { RUNTIME_METADATA, type WriteOptions } from '../tflite/write-tflite.js';
import type { TfliteOptions } from '../tflite/model.js';
import { FlatLayout, SECTION, utf8Length, type LayoutSpan, type SectionCode } from './flat-layout.js';
import type { LayoutModel, LayoutOperator, LayoutSubgraph, LayoutTensor } from './layout-model.js';

/** Scalar types `writeTflite` writes in options tables (others are left out), with their sizes. */
const WRITTEN_SCALARS = new Set(['bool', 'byte', 'ubyte', 'short', 'ushort', 'int', 'uint', 'float', 'long']);
const WEIGHTED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);
const BUILTIN_NAMES = new Map(Object.entries(ENUMS.BuiltinOperator as Record<string, number>).map(([k, v]) => [v, k]));
const OPTION_TAGS = new Map((UNIONS.BuiltinOptions as readonly string[]).map((name, tag) => [name, tag]));

interface OptionField {
  readonly name: string;
  readonly slot: number;
  /** Scalar size in bytes, 0 for a vector field, -1 for a field the writer leaves out. */
  readonly size: number;
  readonly fallback: number;
}

const optionFields = new Map<string, { readonly width: number; readonly fields: readonly OptionField[] }>();

function optionsSchema(table: string): { readonly width: number; readonly fields: readonly OptionField[] } {
  let s = optionFields.get(table);
  if (!s) {
    const fields = Object.entries(tableFields(table)).map(([name, f]): OptionField => {
      const base = storageType(f.type, SCALAR_SIZE);
      const size = f.type.startsWith('[') ? 0 : base && WRITTEN_SCALARS.has(base) ? SCALAR_SIZE[base]! : -1;
      return { name, slot: f.slot, size, fallback: defaultValue(f) };
    });
    s = { width: tableWidth(table), fields };
    optionFields.set(table, s);
  }
  return s;
}

/** Slots and widths of the tables the writer writes, looked up once. */
const slotsOf = <F extends string>(table: Parameters<typeof slot>[0], fields: readonly F[]): Readonly<Record<F | 'width', number>> =>
  Object.fromEntries([...fields.map((f) => [f, slot(table, f)]), ['width', tableWidth(table)]]) as Record<F | 'width', number>;
const Q = slotsOf('QuantizationParameters', ['min', 'max', 'scale', 'zero_point', 'quantized_dimension']);
const T = slotsOf('Tensor', ['shape', 'type', 'buffer', 'name', 'quantization', 'is_variable']);
const OP = slotsOf('Operator', ['opcode_index', 'inputs', 'outputs', 'builtin_options_type', 'builtin_options']);
const SG = slotsOf('SubGraph', ['tensors', 'inputs', 'outputs', 'operators', 'name']);
const BUF = slotsOf('Buffer', ['data']);
const CODE = slotsOf('OperatorCode', ['deprecated_builtin_code', 'custom_code', 'version', 'builtin_code']);
const META = slotsOf('Metadata', ['name', 'buffer']);
const MODEL = slotsOf('Model', ['version', 'operator_codes', 'subgraphs', 'description', 'buffers', 'metadata']);

// The ranks of fileSizeBreakdown's walk (a shared vtable belongs to the last table that claims it).
const RANK = { code: 1e7, buffer: 2e7, metadata: 3e7, subgraph: 1e8, operators: 5e7 } as const;

/** Option values of the table being laid out, by schema field (one array reused: the walk is synchronous). */
const optionValues: unknown[] = [];

/** `optionsTable` of the writer: vector fields first, then the table with its non-default scalars and the vectors. */
function optionsTable(f: FlatLayout, table: string, options: TfliteOptions, rank: number): void {
  const schema = optionsSchema(table);
  const fields = schema.fields;
  const values = optionValues;
  let vectors = 0;
  for (let k = 0; k < fields.length; k++) {
    const v = options[fields[k]!.name];
    values[k] = v;
    if (Array.isArray(v)) {
      f.vector(4, v.length, 4, SECTION.tables);
      vectors++;
    }
  }
  f.startObject(schema.width);
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k]!;
    const v = values[k];
    if (field.size > 0 && typeof v === 'number' && v !== field.fallback) f.field(field.slot, field.size);
  }
  if (vectors > 0) for (let k = 0; k < fields.length; k++) if (Array.isArray(values[k])) f.field(fields[k]!.slot, 4);
  f.endObject(SECTION.tables, rank);
}

/** The writer's tensor; returns the bytes `fileSizeBreakdown` counts for its quantization parameters. */
function tensor(f: FlatLayout, t: LayoutTensor, stripNames: boolean, rank: number): number {
  const name = !stripNames;
  if (name) f.string(utf8Length(t.name), SECTION.namesAndMetadata);
  f.vector(4, t.rank, 4, SECTION.tables);
  let quantBytes = 0;
  const q = t.quantization;
  if (q) {
    f.vector(4, q.scales, 4, SECTION.quantization);
    f.vector(8, q.zeroPoints, 8, SECTION.quantization);
    quantBytes += 8 + 4 * q.scales + 8 * q.zeroPoints;
    if (q.min > 0) f.vector(4, q.min, 4, SECTION.quantization);
    if (q.max > 0) f.vector(4, q.max, 4, SECTION.quantization);
    quantBytes += (q.min > 0 ? 4 + 4 * q.min : 0) + (q.max > 0 ? 4 + 4 * q.max : 0);
    f.startObject(Q.width);
    if (q.min > 0) f.field(Q.min, 4);
    if (q.max > 0) f.field(Q.max, 4);
    f.field(Q.scale, 4);
    f.field(Q.zero_point, 4);
    if (q.quantizedDimension !== 0) f.field(Q.quantized_dimension, 4);
    f.endObject(SECTION.quantization, rank + 1);
    quantBytes += f.tableBytes + f.vtableBytes;
  }
  f.startObject(T.width);
  f.field(T.shape, 4);
  if (t.type !== 0) f.field(T.type, 1);
  if (t.buffer !== 0) f.field(T.buffer, 4);
  if (name) f.field(T.name, 4);
  if (q) f.field(T.quantization, 4);
  if (t.isVariable) f.field(T.is_variable, 1);
  f.endObject(SECTION.tables, rank);
  return quantBytes;
}

function operator(f: FlatLayout, op: LayoutOperator, rank: number): void {
  f.vector(4, op.inputs.length, 4, SECTION.tables);
  f.vector(4, op.outputs.length, 4, SECTION.tables);
  const tag = OPTION_TAGS.get(op.optionsType) ?? -1;
  if (tag > 0) optionsTable(f, op.optionsType, op.options, rank + 1);
  f.startObject(OP.width);
  if (op.opcodeIndex !== 0) f.field(OP.opcode_index, 4);
  f.field(OP.inputs, 4);
  f.field(OP.outputs, 4);
  if (tag > 0) {
    f.field(OP.builtin_options_type, 1);
    f.field(OP.builtin_options, 4);
  }
  f.endObject(SECTION.tables, rank);
}

/**
 * What decides a tensor's layout but its name, as one small integer (offset residue, rank, type, buffer or not,
 * variable or not, quantization vector lengths and axis); -1 for the rare tensor that does not fit the key.
 */
function tensorKey(t: LayoutTensor, residue: number): number {
  const q = t.quantization;
  let quant = 0;
  let channels = 0;
  let axis = 0;
  if (q) {
    if (q.min !== 0 || q.max !== 0 || q.scales !== q.zeroPoints || q.scales >= 8192 || q.quantizedDimension < 0 || q.quantizedDimension > 3) return -1;
    quant = 1;
    channels = q.scales;
    axis = q.quantizedDimension;
  }
  if (t.rank > 7 || t.type < 0 || t.type > 31) return -1;
  const flags = (t.buffer !== 0 ? 1 : 0) + 2 * (t.isVariable ? 1 : 0) + 4 * quant;
  return residue + 16 * (t.rank + 8 * (t.type + 32 * (flags + 8 * (axis + 4 * channels))));
}

interface TensorMemo {
  readonly span: LayoutSpan;
  readonly quantBytes: number;
}

/**
 * What decides an operator's options table, as one small integer (options type, which fields are written, the lengths
 * of its vectors); -1 when it does not fit.
 */
function optionsKey(op: LayoutOperator): number {
  const tag = OPTION_TAGS.get(op.optionsType) ?? -1;
  if (tag > 255) return -1;
  if (tag <= 0) return 0;
  let written = 0;
  let vectors = 0;
  const fields = optionsSchema(op.optionsType).fields;
  if (fields.length > 12) return -1;
  const options = op.options;
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k]!;
    const v = options[field.name];
    if (Array.isArray(v)) {
      if (field.size !== 0 || v.length > 14 || vectors >= 16) return -1;
      vectors = vectors * 16 + v.length + 1;
      written += 1 << k;
    } else if (field.size > 0 && typeof v === 'number' && v !== field.fallback) written += 1 << k;
  }
  return tag + 256 * (written + 4096 * vectors);
}

/** The rest of what decides an operator's layout: offset residue, input and output counts, opcode index 0 or not. */
function operatorKey(op: LayoutOperator, residue: number): number {
  const nIn = op.inputs.length;
  const nOut = op.outputs.length;
  if (nIn > 1023 || nOut > 1023) return -1;
  return residue + 16 * ((op.opcodeIndex !== 0 ? 1 : 0) + 2 * (nIn + 1024 * nOut));
}

/** The subgraph; fills `quantBytes` (when given) with each tensor's quantization bytes. */
function subgraph(f: FlatLayout, sg: LayoutSubgraph, stripNames: boolean, base: number, quantBytes: number[] | undefined): void {
  const tensors = sg.tensors;
  // Tensors alike lay out alike: each kind's calls are recorded once and replayed (most tensors share a few kinds).
  // One memo per name length (none when names are stripped), keyed by the rest.
  const memos: Map<number, TensorMemo>[] = [];
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    const rank = base + 1 + 2 * i;
    const nameBytes = stripNames ? 0 : 1 + utf8Length(t.name);
    const key = tensorKey(t, f.residue);
    const memo = key >= 0 ? (memos[nameBytes] ??= new Map()) : undefined;
    const known = memo?.get(key);
    let q: number;
    if (known) {
      f.replay(known.span, rank);
      q = known.quantBytes;
    } else {
      if (key >= 0) f.beginSpan(rank);
      q = tensor(f, t, stripNames, rank);
      const span = key >= 0 ? f.endSpan() : undefined;
      if (span) memo!.set(key, { span, quantBytes: q });
    }
    if (quantBytes) quantBytes.push(q);
  }
  f.vector(4, tensors.length, 4, SECTION.tables);
  const ops = sg.operators;
  // One memo per options type and written fields, keyed by the rest.
  const opMemos = new Map<number, Map<number, LayoutSpan>>();
  for (let j = 0; j < ops.length; j++) {
    const op = ops[j]!;
    const rank = base + RANK.operators + 2 * j;
    const options = optionsKey(op);
    const key = options >= 0 ? operatorKey(op, f.residue) : -1;
    let opMemo = key >= 0 ? opMemos.get(options) : undefined;
    if (key >= 0 && !opMemo) opMemos.set(options, (opMemo = new Map()));
    const known = opMemo?.get(key);
    if (known) {
      f.replay(known, rank);
      continue;
    }
    if (key >= 0) f.beginSpan(rank);
    operator(f, op, rank);
    const span = key >= 0 ? f.endSpan() : undefined;
    if (span) opMemo!.set(key, span);
  }
  f.vector(4, ops.length, 4, SECTION.tables);
  f.vector(4, sg.inputs, 4, SECTION.tables);
  f.vector(4, sg.outputs, 4, SECTION.tables);
  if (!stripNames) f.string(utf8Length(sg.name), SECTION.namesAndMetadata);
  f.startObject(SG.width);
  f.field(SG.tensors, 4);
  f.field(SG.inputs, 4);
  f.field(SG.outputs, 4);
  f.field(SG.operators, 4);
  if (!stripNames) f.field(SG.name, 4);
  f.endObject(SECTION.tables, base);
}

const builtinOf = (model: LayoutModel, op: LayoutOperator): string => {
  const code = model.operatorCodes[op.opcodeIndex]?.builtinCode ?? 0;
  return BUILTIN_NAMES.get(code) ?? `UNKNOWN_${code}`;
};

/** Whether each operator code is a weighted builtin (conv, depthwise, dense). */
const weightedCodes = (model: LayoutModel): boolean[] => model.operatorCodes.map((c) => WEIGHTED.has(BUILTIN_NAMES.get(c.builtinCode) ?? ''));

/**
 * What each constant buffer holds, from the first operator input that reads it (as `fileSizeBreakdown` decides):
 * a section code + 1 per buffer, 0 for a buffer no operator reads.
 */
function bufferSections(model: LayoutModel): Int8Array {
  const sections = new Int8Array(model.buffers.length);
  const weightedCode = weightedCodes(model);
  for (const sg of model.subgraphs) {
    for (const op of sg.operators) {
      const weighted = weightedCode[op.opcodeIndex] ?? false;
      const inputs = op.inputs;
      for (let j = 0; j < inputs.length; j++) {
        const i = inputs[j]!;
        const b = i >= 0 ? sg.tensors[i]?.buffer : undefined;
        if (b === undefined || (model.buffers[b] ?? 0) === 0 || sections[b] !== 0) continue;
        sections[b] = 1 + (weighted && j === 1 ? SECTION.weights : weighted && j === 2 ? SECTION.biases : SECTION.otherConstants);
      }
    }
  }
  return sections;
}

/**
 * Follow the writer's calls for a model through `f`. With `quantBytes` (one array per subgraph to fill), the buffers
 * are counted in the sections `fileSizeBreakdown` gives them; without, the sections are left rough (the size is exact
 * either way).
 */
function layout(f: FlatLayout, model: LayoutModel, opts: WriteOptions, quantBytes: number[][] | undefined): void {
  const stripNames = opts.stripNames ?? false;
  const kept = opts.stripMetadata ? model.metadata.filter((m) => RUNTIME_METADATA.has(m.name)) : model.metadata;
  const metadataBuffers = kept.length > 0 ? new Set(kept.map((m) => m.buffer)) : undefined;
  const sections = quantBytes ? bufferSections(model) : undefined;
  const buffers = model.buffers;
  for (let i = 0; i < buffers.length; i++) {
    const length = buffers[i]!;
    if (length > 0) f.vector(1, length, 16, metadataBuffers?.has(i) ? SECTION.namesAndMetadata : sections && sections[i]! > 0 ? ((sections[i]! - 1) as SectionCode) : SECTION.otherConstants);
    f.startObject(BUF.width);
    if (length > 0) f.field(BUF.data, 4);
    f.endObject(SECTION.tables, RANK.buffer + i);
  }
  f.vector(4, buffers.length, 4, SECTION.tables);
  model.subgraphs.forEach((sg, s) => {
    const q = quantBytes ? [] : undefined;
    subgraph(f, sg, stripNames, RANK.subgraph * (s + 1), q);
    if (q) quantBytes!.push(q);
  });
  f.vector(4, model.subgraphs.length, 4, SECTION.tables);
  model.operatorCodes.forEach((c, i) => {
    if (c.customCode !== undefined) f.string(utf8Length(c.customCode), SECTION.tables);
    f.startObject(CODE.width);
    if (Math.min(c.builtinCode, 127) !== 0) f.field(CODE.deprecated_builtin_code, 1);
    if (c.customCode !== undefined) f.field(CODE.custom_code, 4);
    if (c.version !== 1) f.field(CODE.version, 4);
    if (c.builtinCode !== 0) f.field(CODE.builtin_code, 4);
    f.endObject(SECTION.tables, RANK.code + i);
  });
  f.vector(4, model.operatorCodes.length, 4, SECTION.tables);
  const metadata = !(opts.stripMetadata && kept.length === 0);
  if (metadata) {
    kept.forEach((m, i) => {
      f.string(utf8Length(m.name), SECTION.namesAndMetadata);
      f.startObject(META.width);
      f.field(META.name, 4);
      if (m.buffer !== 0) f.field(META.buffer, 4);
      f.endObject(SECTION.namesAndMetadata, RANK.metadata + i);
    });
    f.vector(4, kept.length, 4, SECTION.namesAndMetadata);
  }
  if (!opts.stripMetadata) f.string(utf8Length(model.description), SECTION.namesAndMetadata);
  f.startObject(MODEL.width);
  if (model.version !== 0) f.field(MODEL.version, 4);
  f.field(MODEL.operator_codes, 4);
  f.field(MODEL.subgraphs, 4);
  if (!opts.stripMetadata) f.field(MODEL.description, 4);
  f.field(MODEL.buffers, 4);
  if (metadata) f.field(MODEL.metadata, 4);
  f.endObject(SECTION.tables, 0);
}

/**
 * The size of the file {@link writeTflite} writes for a model, and where its bytes go — the same
 * {@link FileSizeBreakdown} `fileSizeBreakdown` reads off the written file — computed by following the writer's
 * calls through the flatbuffer layout arithmetic ({@link FlatLayout}) instead of writing bytes.
 */
export function tfliteFileSize(model: LayoutModel, opts: WriteOptions = {}): FileSizeBreakdown {
  const f = new FlatLayout();
  const quantBytes: number[][] = [];
  layout(f, model, opts, quantBytes);
  const fileBytes = f.finish();
  return { fileBytes, sections: f.sections(), layers: layerBytes(model, quantBytes, opts) };
}

/** {@link tfliteFileSize}'s `fileBytes` alone: the same arithmetic, without the sections and layers. */
export function tfliteFileBytes(model: LayoutModel, opts: WriteOptions = {}): number {
  const f = new FlatLayout();
  layout(f, model, opts, undefined);
  return f.finish();
}

/** Per weighted operator: the constants it reads first (data and 4-byte length) and their quantization bytes. */
function layerBytes(model: LayoutModel, quantBytes: readonly (readonly number[])[], opts: WriteOptions): LayerBytes[] {
  const seen = new Uint8Array(model.buffers.length);
  const weightedCode = weightedCodes(model);
  const layers: LayerBytes[] = [];
  model.subgraphs.forEach((sg, s) => {
    const q = quantBytes[s]!;
    sg.operators.forEach((op, k) => {
      const weighted = weightedCode[op.opcodeIndex] ?? false;
      let weights = 0;
      let biases = 0;
      let quantization = 0;
      const inputs = op.inputs;
      for (let j = 0; j < inputs.length; j++) {
        const i = inputs[j]!;
        if (i < 0) continue;
        const b = sg.tensors[i]!.buffer;
        const size = model.buffers[b] ?? 0;
        if (size === 0 || seen[b] === 1) continue;
        seen[b] = 1;
        if (weighted && j === 1) weights += 4 + size;
        else if (weighted && j === 2) biases += 4 + size;
        quantization += q[i]!;
      }
      if (weighted) {
        const builtin = builtinOf(model, op);
        const name = opts.stripNames ? '' : sg.tensors[op.outputs[0]!]?.name ?? '';
        layers.push({ layer: name || `${builtin}#${k}`, builtin, weights, biases, quantization });
      }
    });
  });
  return layers;
}
