import { TfliteFormatError } from './format-error.js';

/** A table's position and its vtable, validated. */
export interface TableRef {
  readonly pos: number;
  readonly vtable: number;
  readonly vtableSize: number;
  readonly what: string;
}

/** Element sizes of scalar flatbuffer types, bytes. */
export const SCALAR_SIZE: Readonly<Record<string, number>> = {
  bool: 1, byte: 1, ubyte: 1, int8: 1, uint8: 1,
  short: 2, ushort: 2, int16: 2, uint16: 2,
  int: 4, uint: 4, int32: 4, uint32: 4, float: 4, float32: 4,
  long: 8, ulong: 8, int64: 8, uint64: 8, double: 8, float64: 8,
};

/**
 * A flatbuffer reader that checks every offset and length against the buffer before it reads,
 * so a truncated or corrupted file gives a {@link TfliteFormatError} instead of garbage, a crash,
 * a hang or a huge allocation.
 */
export class FlatReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Fail unless `[offset, offset + size)` lies inside the buffer. */
  check(offset: number, size: number, expected: string): void {
    if (!Number.isInteger(offset) || offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new TfliteFormatError(`${expected} would lie outside the ${this.bytes.length}-byte file`, Math.max(0, Math.min(offset, this.bytes.length)), expected);
    }
  }

  scalar(offset: number, type: string, what: string): number {
    const size = SCALAR_SIZE[type];
    if (size === undefined) throw new TfliteFormatError(`unsupported scalar type ${type}`, offset, what);
    this.check(offset, size, what);
    const v = this.view;
    switch (type) {
      case 'bool': case 'ubyte': case 'uint8': return v.getUint8(offset);
      case 'byte': case 'int8': return v.getInt8(offset);
      case 'short': case 'int16': return v.getInt16(offset, true);
      case 'ushort': case 'uint16': return v.getUint16(offset, true);
      case 'int': case 'int32': return v.getInt32(offset, true);
      case 'uint': case 'uint32': return v.getUint32(offset, true);
      case 'float': case 'float32': return v.getFloat32(offset, true);
      case 'double': case 'float64': return v.getFloat64(offset, true);
      case 'long': case 'int64': return Number(v.getBigInt64(offset, true));
      default: return Number(v.getBigUint64(offset, true));
    }
  }

  /** Follow a uoffset stored at `at`. */
  deref(at: number, what: string): number {
    const target = at + this.scalar(at, 'uint', `offset to ${what}`);
    this.check(target, 1, what);
    return target;
  }

  /** Validate the table at `pos`. */
  table(pos: number, what: string): TableRef {
    const vtable = pos - this.scalar(pos, 'int', `vtable offset of ${what}`);
    const vtableSize = this.scalar(vtable, 'ushort', `vtable of ${what}`);
    if (vtableSize < 4 || vtableSize % 2 !== 0) throw new TfliteFormatError(`vtable of ${what} has size ${vtableSize}`, vtable, 'an even vtable size ≥ 4');
    this.check(vtable, vtableSize, `vtable of ${what}`);
    const tableSize = this.scalar(vtable + 2, 'ushort', `table size of ${what}`);
    this.check(pos, tableSize, what);
    return { pos, vtable, vtableSize, what };
  }

  /** Absolute position of a field, or undefined when absent. */
  field(t: TableRef, slot: number): number | undefined {
    const entry = 4 + 2 * slot;
    if (entry >= t.vtableSize) return undefined;
    const rel = this.scalar(t.vtable + entry, 'ushort', `${t.what} field ${slot}`);
    return rel === 0 ? undefined : t.pos + rel;
  }

  scalarField(t: TableRef, slot: number, type: string, fallback: number): number {
    const at = this.field(t, slot);
    return at === undefined ? fallback : this.scalar(at, type, `${t.what} field ${slot}`);
  }

  tableField(t: TableRef, slot: number, what: string): TableRef | undefined {
    const at = this.field(t, slot);
    return at === undefined ? undefined : this.table(this.deref(at, what), what);
  }

  /** A vector field: position of its first element and its length (checked against the file). */
  vectorField(t: TableRef, slot: number, elementSize: number, what: string): { start: number; length: number } | undefined {
    const at = this.field(t, slot);
    if (at === undefined) return undefined;
    const pos = this.deref(at, what);
    const length = this.scalar(pos, 'uint', `length of ${what}`);
    this.check(pos + 4, length * elementSize, `${length} elements of ${what}`);
    return { start: pos + 4, length };
  }

  scalarVector(t: TableRef, slot: number, type: string, what: string): number[] {
    const size = SCALAR_SIZE[type]!;
    const v = this.vectorField(t, slot, size, what);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.scalar(v.start + i * size, type, what));
  }

  tableVector(t: TableRef, slot: number, what: string): TableRef[] {
    const v = this.vectorField(t, slot, 4, what);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.table(this.deref(v.start + i * 4, `${what}[${i}]`), `${what}[${i}]`));
  }

  stringField(t: TableRef, slot: number, what: string): string | undefined {
    const v = this.vectorField(t, slot, 1, what);
    return v ? new TextDecoder().decode(this.bytes.subarray(v.start, v.start + v.length)) : undefined;
  }

  bytesField(t: TableRef, slot: number, what: string): Uint8Array | undefined {
    const v = this.vectorField(t, slot, 1, what);
    return v ? this.bytes.subarray(v.start, v.start + v.length) : undefined;
  }
}
