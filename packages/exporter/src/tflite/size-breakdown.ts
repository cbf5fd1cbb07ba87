import { FlatReader, SCALAR_SIZE, type TableRef } from './flat-reader.js';
import { slot, storageType, tableFields, type TableName } from './schema-access.js';
import { ENUMS, UNIONS } from './generated/schema.js';

/** Where a .tflite file's bytes go, bytes per section; the sections add up to the file size. */
export interface FileSections {
  /** Constant data of CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED weights. */
  readonly weights: number;
  /** Constant data of those operators' biases. */
  readonly biases: number;
  /** Other constants (shapes, axes, paddings, hard-sigmoid's constants). */
  readonly otherConstants: number;
  /** Quantization parameter tables and their scale / zero-point vectors. */
  readonly quantization: number;
  /** Tensor and subgraph names, the description, metadata entries and their buffers. */
  readonly namesAndMetadata: number;
  /** Everything else the format needs: operator, tensor, buffer and opcode tables, index vectors, vtables. */
  readonly tables: number;
  /** Alignment padding (bytes no object owns). */
  readonly padding: number;
}

/** One operator's share: the constants it reads (data and 4-byte vector length) and their quantization parameters. */
export interface LayerBytes {
  /** The operator's output tensor name (or `BUILTIN#index` when stripped). */
  readonly layer: string;
  readonly builtin: string;
  readonly weights: number;
  readonly biases: number;
  readonly quantization: number;
}

export interface FileSizeBreakdown {
  readonly fileBytes: number;
  readonly sections: FileSections;
  readonly layers: readonly LayerBytes[];
}

type Section = keyof FileSections;
const SECTIONS: readonly Section[] = ['weights', 'biases', 'otherConstants', 'quantization', 'namesAndMetadata', 'tables', 'padding'];
const WEIGHTED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);

/**
 * Break a .tflite file down by section and by layer, by walking every flatbuffer object and
 * marking the bytes it owns; bytes nobody owns are alignment padding.
 */
export function fileSizeBreakdown(bytes: Uint8Array): FileSizeBreakdown {
  const r = new FlatReader(bytes);
  const owner = new Int8Array(bytes.length).fill(-1);
  const mark = (start: number, end: number, s: Section): void => {
    owner.fill(SECTIONS.indexOf(s), start, Math.min(end, bytes.length));
  };
  const table = (t: TableRef, s: Section): void => {
    mark(t.pos, t.pos + r.scalar(t.vtable + 2, 'ushort', 'table size'), s);
    mark(t.vtable, t.vtable + t.vtableSize, s);
  };
  const vector = (t: TableRef, name: TableName, field: string, size: number, s: Section, string = false): { start: number; length: number } | undefined => {
    const v = r.vectorField(t, slot(name, field), size, `${name}.${field}`);
    if (v) mark(v.start - 4, v.start + v.length * size + (string ? 1 : 0), s);
    return v;
  };
  mark(0, 8, 'tables');
  const model = r.table(r.deref(0, 'Model'), 'Model');
  table(model, 'tables');
  vector(model, 'Model', 'description', 1, 'namesAndMetadata', true);
  const codes = r.tableVector(model, slot('Model', 'operator_codes'), 'operator_codes');
  vector(model, 'Model', 'operator_codes', 4, 'tables');
  const builtins = codes.map((c) => {
    table(c, 'tables');
    vector(c, 'OperatorCode', 'custom_code', 1, 'tables', true);
    return r.scalarField(c, slot('OperatorCode', 'builtin_code'), 'int', 0) || r.scalarField(c, slot('OperatorCode', 'deprecated_builtin_code'), 'byte', 0);
  });
  const bufferTables = r.tableVector(model, slot('Model', 'buffers'), 'buffers');
  vector(model, 'Model', 'buffers', 4, 'tables');
  bufferTables.forEach((b) => table(b, 'tables'));
  const metadata = r.tableVector(model, slot('Model', 'metadata'), 'metadata');
  vector(model, 'Model', 'metadata', 4, 'namesAndMetadata');
  const metadataBuffers = new Set<number>();
  for (const m of metadata) {
    table(m, 'namesAndMetadata');
    vector(m, 'Metadata', 'name', 1, 'namesAndMetadata', true);
    metadataBuffers.add(r.scalarField(m, slot('Metadata', 'buffer'), 'uint', 0));
  }
  // what each buffer holds, from the tensors and operators that use it
  const bufferSection = new Map<number, Section>();
  const layers: LayerBytes[] = [];
  const bufferBytes = (i: number): number => (bufferTables[i] ? r.vectorField(bufferTables[i]!, slot('Buffer', 'data'), 1, 'data')?.length ?? 0 : 0);
  const subgraphs = r.tableVector(model, slot('Model', 'subgraphs'), 'subgraphs');
  vector(model, 'Model', 'subgraphs', 4, 'tables');
  for (const sg of subgraphs) {
    table(sg, 'tables');
    vector(sg, 'SubGraph', 'name', 1, 'namesAndMetadata', true);
    for (const f of ['inputs', 'outputs']) vector(sg, 'SubGraph', f, 4, 'tables');
    const tensors = r.tableVector(sg, slot('SubGraph', 'tensors'), 'tensors');
    vector(sg, 'SubGraph', 'tensors', 4, 'tables');
    const quantBytes: number[] = [];
    const tensorBuffer: number[] = [];
    const names: string[] = [];
    for (const t of tensors) {
      table(t, 'tables');
      vector(t, 'Tensor', 'shape', 4, 'tables');
      vector(t, 'Tensor', 'shape_signature', 4, 'tables');
      names.push(r.stringField(t, slot('Tensor', 'name'), 'name') ?? '');
      vector(t, 'Tensor', 'name', 1, 'namesAndMetadata', true);
      tensorBuffer.push(r.scalarField(t, slot('Tensor', 'buffer'), 'uint', 0));
      const q = r.tableField(t, slot('Tensor', 'quantization'), 'quantization');
      let qb = 0;
      if (q) {
        table(q, 'quantization');
        qb += r.scalar(q.vtable + 2, 'ushort', 'size') + q.vtableSize;
        for (const [f, size] of [['scale', 4], ['zero_point', 8], ['min', 4], ['max', 4]] as const) {
          const v = vector(q, 'QuantizationParameters', f, size, 'quantization');
          if (v) qb += 4 + v.length * size;
        }
      }
      quantBytes.push(qb);
    }
    const operators = r.tableVector(sg, slot('SubGraph', 'operators'), 'operators');
    vector(sg, 'SubGraph', 'operators', 4, 'tables');
    operators.forEach((op, k) => {
      table(op, 'tables');
      const inputs = r.scalarVector(op, slot('Operator', 'inputs'), 'int', 'inputs');
      const outputs = r.scalarVector(op, slot('Operator', 'outputs'), 'int', 'outputs');
      for (const f of ['inputs', 'outputs', 'intermediates']) vector(op, 'Operator', f, 4, 'tables');
      vector(op, 'Operator', 'custom_options', 1, 'tables');
      const options = r.tableField(op, slot('Operator', 'builtin_options'), 'builtin_options');
      if (options) {
        table(options, 'tables');
        // the options' own vectors (RESHAPE's new_shape, …) are tables too
        const type = (UNIONS.BuiltinOptions as readonly string[])[r.scalarField(op, slot('Operator', 'builtin_options_type'), 'ubyte', 0)];
        for (const [f, spec] of Object.entries(type ? tableFields(type) : {})) {
          const size = spec.type.startsWith('[') ? SCALAR_SIZE[storageType(spec.type.slice(1, -1), SCALAR_SIZE) ?? ''] : undefined;
          if (size !== undefined) vector(options, type as TableName, f, size, 'tables');
        }
      }
      const code = builtins[r.scalarField(op, slot('Operator', 'opcode_index'), 'uint', 0)] ?? 0;
      const builtin = builtinName(code);
      const weighted = WEIGHTED.has(builtin);
      let weights = 0;
      let biases = 0;
      let quantization = 0;
      inputs.forEach((i, j) => {
        if (i < 0) return;
        const b = tensorBuffer[i]!;
        const size = bufferBytes(b);
        if (size === 0) return;
        const s: Section = weighted && j === 1 ? 'weights' : weighted && j === 2 ? 'biases' : 'otherConstants';
        if (!bufferSection.has(b)) {
          bufferSection.set(b, s);
          // with the vector's 4-byte length, as the sections count it
          if (s === 'weights') weights += 4 + size;
          else if (s === 'biases') biases += 4 + size;
          quantization += quantBytes[i]!;
        }
      });
      if (weighted) layers.push({ layer: names[outputs[0]!] || `${builtin}#${k}`, builtin, weights, biases, quantization });
    });
  }
  bufferTables.forEach((b, i) => {
    const s: Section = metadataBuffers.has(i) ? 'namesAndMetadata' : bufferSection.get(i) ?? 'otherConstants';
    vector(b, 'Buffer', 'data', 1, s);
  });
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;
  for (let i = 0; i < owner.length; i++) sections[owner[i]! >= 0 ? SECTIONS[owner[i]!]! : 'padding']++;
  return { fileBytes: bytes.length, sections, layers };
}

const BUILTIN_NAMES = new Map(Object.entries(ENUMS.BuiltinOperator as Record<string, number>).map(([k, v]) => [v, k]));
const builtinName = (code: number): string => BUILTIN_NAMES.get(code) ?? `UNKNOWN_${code}`;
