import { ENUMS, UNIONS, FILE_IDENTIFIER } from './generated/schema.js';
import { defaultValue, slot, storageType, tableFields } from './schema-access.js';
import { FlatReader, SCALAR_SIZE, type TableRef } from './flat-reader.js';
import { TfliteFormatError } from './format-error.js';
import type { TfliteModel, TfliteOperator, TfliteOperatorCode, TfliteOptions, TfliteSubgraph, TfliteTensor } from './model.js';

const enumName = (e: keyof typeof ENUMS, value: number): string =>
  Object.entries(ENUMS[e] as Record<string, number>).find(([, v]) => v === value)?.[0] ?? `UNKNOWN_${value}`;

/** Decode every scalar and scalar-vector field of an options table through the generated schema. */
function readOptions(r: FlatReader, t: TableRef, table: string): TfliteOptions {
  const out: Record<string, number | number[]> = {};
  for (const [name, f] of Object.entries(tableFields(table))) {
    const vector = /^\[(\w+)\]$/.exec(f.type);
    const base = storageType(vector ? vector[1]! : f.type, SCALAR_SIZE);
    if (!base) continue;
    if (vector) out[name] = r.scalarVector(t, f.slot, base, `${table}.${name}`);
    else out[name] = r.scalarField(t, f.slot, base, defaultValue(f));
  }
  return out;
}

function readTensor(r: FlatReader, t: TableRef): TfliteTensor {
  const f = (name: string): number => slot('Tensor', name);
  const q = r.tableField(t, f('quantization'), `${t.what}.quantization`);
  const scale = q ? r.scalarVector(q, slot('QuantizationParameters', 'scale'), 'float', 'scale') : [];
  const quantization = q && scale.length > 0
    ? {
        scale,
        zeroPoint: r.scalarVector(q, slot('QuantizationParameters', 'zero_point'), 'long', 'zero_point'),
        quantizedDimension: r.scalarField(q, slot('QuantizationParameters', 'quantized_dimension'), 'int', 0),
        min: r.scalarVector(q, slot('QuantizationParameters', 'min'), 'float', 'min'),
        max: r.scalarVector(q, slot('QuantizationParameters', 'max'), 'float', 'max'),
      }
    : undefined;
  return {
    name: r.stringField(t, f('name'), `${t.what}.name`) ?? '',
    shape: r.scalarVector(t, f('shape'), 'int', `${t.what}.shape`),
    type: enumName('TensorType', r.scalarField(t, f('type'), 'byte', 0)),
    buffer: r.scalarField(t, f('buffer'), 'uint', 0),
    ...(quantization ? { quantization } : {}),
    isVariable: r.scalarField(t, f('is_variable'), 'bool', 0) === 1,
  };
}

function readOperator(r: FlatReader, t: TableRef): TfliteOperator {
  const tag = r.scalarField(t, slot('Operator', 'builtin_options_type'), 'ubyte', 0);
  const optionsType = UNIONS.BuiltinOptions[tag] ?? `UNKNOWN_${tag}`;
  const table = tag === 0 ? undefined : r.tableField(t, slot('Operator', 'builtin_options'), `${t.what}.${optionsType}`);
  return {
    opcodeIndex: r.scalarField(t, slot('Operator', 'opcode_index'), 'uint', 0),
    inputs: r.scalarVector(t, slot('Operator', 'inputs'), 'int', `${t.what}.inputs`),
    outputs: r.scalarVector(t, slot('Operator', 'outputs'), 'int', `${t.what}.outputs`),
    optionsType,
    options: table ? readOptions(r, table, optionsType) : {},
  };
}

function readSubgraph(r: FlatReader, t: TableRef): TfliteSubgraph {
  const f = (name: string): number => slot('SubGraph', name);
  return {
    name: r.stringField(t, f('name'), `${t.what}.name`) ?? '',
    tensors: r.tableVector(t, f('tensors'), `${t.what}.tensors`).map((x) => readTensor(r, x)),
    inputs: r.scalarVector(t, f('inputs'), 'int', `${t.what}.inputs`),
    outputs: r.scalarVector(t, f('outputs'), 'int', `${t.what}.outputs`),
    operators: r.tableVector(t, f('operators'), `${t.what}.operators`).map((x) => readOperator(r, x)),
  };
}

function readOperatorCode(r: FlatReader, t: TableRef): TfliteOperatorCode {
  const deprecated = r.scalarField(t, slot('OperatorCode', 'deprecated_builtin_code'), 'byte', 0);
  const builtinCode = Math.max(deprecated, r.scalarField(t, slot('OperatorCode', 'builtin_code'), 'int', 0));
  const customCode = r.stringField(t, slot('OperatorCode', 'custom_code'), 'custom_code');
  return {
    builtin: enumName('BuiltinOperator', builtinCode),
    builtinCode,
    version: r.scalarField(t, slot('OperatorCode', 'version'), 'int', 1),
    ...(customCode !== undefined ? { customCode } : {}),
  };
}

/**
 * Read any .tflite flatbuffer into plain data. Every offset and length is checked against the
 * file, so a truncated or corrupted file throws a {@link TfliteFormatError} naming the byte
 * offset and what was expected there.
 */
export function readTflite(bytes: Uint8Array): TfliteModel {
  const r = new FlatReader(bytes);
  r.check(0, 8, 'a root offset and the file identifier');
  const id = new TextDecoder().decode(bytes.subarray(4, 8));
  if (id !== FILE_IDENTIFIER) throw new TfliteFormatError(`file identifier is ${JSON.stringify(id)}`, 4, `"${FILE_IDENTIFIER}"`);
  const model = r.table(r.deref(0, 'the Model table'), 'Model');
  const f = (name: string): number => slot('Model', name);
  const buffers = r.tableVector(model, f('buffers'), 'buffers').map((b, i) => {
    const data = r.bytesField(b, slot('Buffer', 'data'), `buffers[${i}].data`);
    if (data) return data;
    const offset = r.scalarField(b, slot('Buffer', 'offset'), 'ulong', 0);
    const size = r.scalarField(b, slot('Buffer', 'size'), 'ulong', 0);
    if (offset > 1) {
      r.check(offset, size, `buffers[${i}] data stored after the flatbuffer`);
      return bytes.subarray(offset, offset + size);
    }
    return new Uint8Array(0);
  });
  const subgraphs = r.tableVector(model, f('subgraphs'), 'subgraphs').map((s) => readSubgraph(r, s));
  if (subgraphs.length === 0) throw new TfliteFormatError('the model has no subgraph', model.pos, 'at least one subgraph');
  return {
    version: r.scalarField(model, f('version'), 'uint', 0),
    description: r.stringField(model, f('description'), 'description') ?? '',
    operatorCodes: r.tableVector(model, f('operator_codes'), 'operator_codes').map((c) => readOperatorCode(r, c)),
    subgraphs,
    buffers,
    metadata: r.tableVector(model, f('metadata'), 'metadata').map((m) => ({
      name: r.stringField(m, slot('Metadata', 'name'), 'metadata.name') ?? '',
      buffer: r.scalarField(m, slot('Metadata', 'buffer'), 'uint', 0),
    })),
  };
}
