import type { FileSections } from '../tflite/size-breakdown.js';

/** A section of the file a flatbuffer object counts towards (`padding` is what no object owns). */
export type OwnedSection = Exclude<keyof FileSections, 'padding'>;

interface SharedVtable {
  /** size, table size, then one entry per slot (0 for an absent field). */
  readonly entries: Int32Array;
  /** The section of the table that claims it last in `fileSizeBreakdown`'s walk, and that table's rank. */
  section: OwnedSection;
  rank: number;
}

const MAX_SLOTS = 64;

/**
 * The byte arithmetic of the `flatbuffers` JavaScript `Builder` (v25), without the bytes: it tracks the offset from
 * the end of the buffer, the largest alignment seen and the vtables written (for deduplication, as the Builder shares
 * identical vtables), and counts the bytes of every object per file section. Call it in exactly the order the writer
 * calls the Builder and {@link size} is the length of the written file.
 *
 * The Builder's rules mirrored here: `prep(size, extra)` pads so that `size`-aligned data fits after `extra` bytes;
 * a vector is `prep(4, n·e)`, `prep(align, n·e)`, the elements, then its uint32 length; a string is a 0 byte, then
 * a byte vector; a table is its fields (each aligned to its size), an int32 vtable offset, then its vtable of int16
 * (size, table size, one entry per slot up to the last field set) unless an identical vtable exists already.
 */
export class FlatLayout {
  private off = 0;
  private minAlign = 1;
  private readonly fields = new Int32Array(MAX_SLOTS);
  private slots = 0;
  private objectStart = 0;
  /** Vtables written, by a hash of their entries. */
  private readonly vtables = new Map<number, SharedVtable[]>();
  private readonly entries = new Int32Array(MAX_SLOTS + 2);
  /** Bytes of the last table ended: inline, and its vtable. */
  tableBytes = 0;
  vtableBytes = 0;
  /** Bytes per section, vtables excepted (they are added in {@link sections}). */
  private readonly owned: Record<OwnedSection, number> = { weights: 0, biases: 0, otherConstants: 0, quantization: 0, namesAndMetadata: 0, tables: 0 };

  private prep(size: number, extra: number): void {
    if (size > this.minAlign) this.minAlign = size;
    this.off += -(this.off + extra) & (size - 1);
  }

  /** A vector of `count` elements of `elementSize` bytes. */
  vector(elementSize: number, count: number, alignment: number, section: OwnedSection): void {
    const bytes = elementSize * count;
    this.prep(4, bytes);
    this.prep(alignment, bytes);
    this.off += bytes + 4;
    this.owned[section] += bytes + 4;
  }

  /** A string of `byteLength` UTF-8 bytes (and its 0 terminator). */
  string(byteLength: number, section: OwnedSection): void {
    this.prep(1, 0);
    this.off += 1;
    this.owned[section] += 1;
    this.vector(1, byteLength, 1, section);
  }

  /** Start a table of `slots` vtable slots. */
  startObject(slots: number): void {
    if (slots > MAX_SLOTS) throw new Error(`flat layout: a table of ${slots} slots (at most ${MAX_SLOTS})`);
    this.fields.fill(0, 0, slots);
    this.slots = slots;
    this.objectStart = this.off;
  }

  /** A scalar field of `size` bytes, or an offset (`size` 4), in vtable slot `slot`. */
  field(slot: number, size: number): void {
    this.prep(size, 0);
    this.off += size;
    this.fields[slot] = this.off;
  }

  /**
   * End the table; its inline bytes count towards `section`, its vtable towards the section of the table with the
   * highest `rank` that uses it (the reader's walk marks shared vtables last-wins). Sets {@link tableBytes} and
   * {@link vtableBytes}.
   */
  endObject(section: OwnedSection, rank: number): void {
    this.prep(4, 0);
    this.off += 4;
    const at = this.off;
    let used = this.slots;
    while (used > 0 && this.fields[used - 1] === 0) used--;
    const e = this.entries;
    e[0] = (used + 2) * 2;
    e[1] = at - this.objectStart;
    let hash = Math.imul(e[0], 31) ^ e[1];
    for (let i = 0; i < used; i++) {
      const f = this.fields[i]!;
      e[i + 2] = f === 0 ? 0 : at - f;
      hash = Math.imul(hash, 0x9e3779b1) ^ e[i + 2]!;
    }
    const n = used + 2;
    this.tableBytes = e[1];
    this.vtableBytes = e[0];
    this.owned[section] += e[1];
    const bucket = this.vtables.get(hash);
    const existing = bucket && findVtable(bucket, e, n);
    if (existing) {
      if (rank > existing.rank) {
        existing.rank = rank;
        existing.section = section;
      }
      return;
    }
    this.off += e[0];
    const entry = { entries: e.slice(0, n), section, rank };
    if (bucket) bucket.push(entry);
    else this.vtables.set(hash, [entry]);
  }

  /** `finish(root, identifier)`: the root offset and the 4-byte file identifier, aligned to the largest alignment. */
  finish(): number {
    this.prep(this.minAlign, 8);
    this.off += 4;
    this.prep(this.minAlign, 4);
    this.prep(4, 0);
    this.off += 4;
    this.owned.tables += 8;
    return this.off;
  }

  /** Bytes written so far (after {@link finish}: the file's length). */
  get size(): number {
    return this.off;
  }

  /** Bytes per section; padding is whatever no object owns. */
  sections(): FileSections {
    const s = { ...this.owned };
    for (const bucket of this.vtables.values()) for (const v of bucket) s[v.section] += v.entries[0]!;
    const owned = s.weights + s.biases + s.otherConstants + s.quantization + s.namesAndMetadata + s.tables;
    return { ...s, padding: this.off - owned };
  }
}

/** The vtable of `bucket` whose entries equal the first `n` of `e`. */
function findVtable(bucket: readonly SharedVtable[], e: Int32Array, n: number): SharedVtable | undefined {
  outer: for (const v of bucket) {
    if (v.entries.length !== n) continue;
    for (let i = 0; i < n; i++) if (v.entries[i] !== e[i]) continue outer;
    return v;
  }
  return undefined;
}

/** Bytes of a string in UTF-8 (as `TextEncoder` encodes it: a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
