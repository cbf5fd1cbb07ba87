import type { FileSections } from '../tflite/size-breakdown.js';

/** A section of the file a flatbuffer object counts towards (`padding` is what no object owns). */
export type OwnedSection = Exclude<keyof FileSections, 'padding'>;

/** The owned sections in {@link FileSections} order; a section's index is its code in {@link FlatLayout}. */
const OWNED: readonly OwnedSection[] = ['weights', 'biases', 'otherConstants', 'quantization', 'namesAndMetadata', 'tables'];

/** Section codes for {@link FlatLayout}'s calls (numbers: the layout runs per tensor in a search's inner loop). */
export const SECTION = { weights: 0, biases: 1, otherConstants: 2, quantization: 3, namesAndMetadata: 4, tables: 5 } as const satisfies Record<OwnedSection, number>;
export type SectionCode = (typeof SECTION)[OwnedSection];

const MAX_SLOTS = 64;

/**
 * A recorded run of {@link FlatLayout} calls that wrote no new vtable: replaying it at an offset with the same residue
 * modulo 16 (the largest alignment) moves the layout exactly as the calls would.
 */
export interface LayoutSpan {
  /** Bytes the run adds. */
  readonly bytes: number;
  /** Largest alignment the run asks for. */
  readonly align: number;
  /** The bytes it adds per section: (section code, bytes) pairs, sections without bytes left out. */
  readonly owned: readonly number[];
  /** The vtables its tables share: (vtable number, section, rank − the run's base rank) triples. */
  readonly claims: readonly number[];
}
/** Vtables kept in an open-addressing table of this many slots at first (doubled when half full). */
const INITIAL_VTABLE_SLOTS = 64;

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
  /** Offset of each field of the open table, valid where `fieldOf` holds the table's number. */
  private readonly fields = new Int32Array(MAX_SLOTS);
  private readonly fieldOf = new Int32Array(MAX_SLOTS);
  private object = 0;
  /** 1 + the highest slot set in the open table. */
  private used = 0;
  private objectStart = 0;
  private readonly entries = new Int32Array(MAX_SLOTS + 2);
  /** Vtables written: their entries one after another in `pool`; `table` maps a hash to 1 + the vtable's number. */
  private pool = new Int32Array(256);
  private poolUsed = 0;
  private readonly start: number[] = [];
  private readonly length: number[] = [];
  /** The section of the table that claims each vtable last in `fileSizeBreakdown`'s walk, and that table's rank. */
  private readonly section: SectionCode[] = [];
  private readonly rank: number[] = [];
  private table = new Int32Array(INITIAL_VTABLE_SLOTS);
  private readonly hashes: number[] = [];
  /** Bytes of the last table ended: inline, and its vtable. */
  tableBytes = 0;
  vtableBytes = 0;
  /** Bytes per section code, vtables excepted (they are added in {@link sections}). */
  private readonly owned = [0, 0, 0, 0, 0, 0];
  /** The span being recorded: where it started, its base rank, largest alignment, claims (undefined: none). */
  private spanStart = 0;
  private spanRank = 0;
  private spanVtables = 0;
  private spanAlign = 1;
  private spanOwned: number[] = [];
  private claims: number[] | undefined;

  private prep(size: number, extra: number): void {
    if (size > this.minAlign) this.minAlign = size;
    if (size > this.spanAlign) this.spanAlign = size;
    this.off += -(this.off + extra) & (size - 1);
  }

  /** A vector of `count` elements of `elementSize` bytes. */
  vector(elementSize: number, count: number, alignment: number, section: SectionCode): void {
    const bytes = elementSize * count;
    this.prep(4, bytes);
    this.prep(alignment, bytes);
    this.off += bytes + 4;
    this.owned[section]! += bytes + 4;
  }

  /** A string of `byteLength` UTF-8 bytes (and its 0 terminator). */
  string(byteLength: number, section: SectionCode): void {
    this.off += 1;
    this.owned[section]! += 1;
    this.vector(1, byteLength, 1, section);
  }

  /** Start a table of `slots` vtable slots. */
  startObject(slots: number): void {
    if (slots > MAX_SLOTS) throw new Error(`flat layout: a table of ${slots} slots (at most ${MAX_SLOTS})`);
    this.object++;
    this.used = 0;
    this.objectStart = this.off;
  }

  /** A scalar field of `size` bytes, or an offset (`size` 4), in vtable slot `slot`. */
  field(slot: number, size: number): void {
    this.prep(size, 0);
    this.off += size;
    this.fields[slot] = this.off;
    this.fieldOf[slot] = this.object;
    if (slot >= this.used) this.used = slot + 1;
  }

  /**
   * End the table; its inline bytes count towards `section`, its vtable towards the section of the table with the
   * highest `rank` that uses it (the reader's walk marks shared vtables last-wins). Sets {@link tableBytes} and
   * {@link vtableBytes}.
   */
  endObject(section: SectionCode, rank: number): void {
    this.prep(4, 0);
    this.off += 4;
    const at = this.off;
    const used = this.used;
    const fields = this.fields;
    const fieldOf = this.fieldOf;
    const object = this.object;
    const e = this.entries;
    const n = used + 2;
    e[0] = n * 2;
    e[1] = at - this.objectStart;
    let hash = Math.imul(e[0], 31) ^ e[1];
    for (let i = 0; i < used; i++) {
      const v = fieldOf[i] === object ? at - fields[i]! : 0;
      e[i + 2] = v;
      hash = Math.imul(hash, 0x9e3779b1) ^ v;
    }
    this.tableBytes = e[1];
    this.vtableBytes = e[0];
    this.owned[section]! += e[1];
    const existing = this.findVtable(hash, n);
    if (existing >= 0) {
      this.claim(existing, section, rank);
      this.claims?.push(existing, section, rank - this.spanRank);
      return;
    }
    this.off += e[0];
    this.addVtable(hash, n, section, rank);
  }

  private claim(vtable: number, section: SectionCode, rank: number): void {
    if (rank > this.rank[vtable]!) {
      this.rank[vtable] = rank;
      this.section[vtable] = section;
    }
  }

  /** Offset modulo 16: a {@link LayoutSpan} replays only where it was recorded modulo 16. */
  get residue(): number {
    return this.off & 15;
  }

  /** Start recording the calls that follow as a span of tables ranked from `rank`. */
  beginSpan(rank: number): void {
    this.spanStart = this.off;
    this.spanRank = rank;
    this.spanVtables = this.length.length;
    this.spanAlign = 1;
    this.spanOwned = this.owned.slice();
    this.claims = [];
  }

  /** Stop recording; the span, or undefined when it wrote a vtable (a replay would not). */
  endSpan(): LayoutSpan | undefined {
    const claims = this.claims!;
    this.claims = undefined;
    if (this.length.length !== this.spanVtables) return undefined;
    const owned: number[] = [];
    this.owned.forEach((v, i) => {
      if (v !== this.spanOwned[i]) owned.push(i, v - this.spanOwned[i]!);
    });
    return { bytes: this.off - this.spanStart, align: this.spanAlign, owned, claims };
  }

  /** The calls of a span recorded at this {@link residue}, for tables ranked from `rank`. */
  replay(span: LayoutSpan, rank: number): void {
    this.off += span.bytes;
    if (span.align > this.minAlign) this.minAlign = span.align;
    const owned = this.owned;
    const o = span.owned;
    for (let i = 0; i < o.length; i += 2) owned[o[i]!]! += o[i + 1]!;
    const c = span.claims;
    for (let i = 0; i < c.length; i += 3) this.claim(c[i]!, c[i + 1] as SectionCode, rank + c[i + 2]!);
  }

  /** The number of the vtable written whose entries equal the first `n` of `entries`, or -1. */
  private findVtable(hash: number, n: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const e = this.entries;
    const pool = this.pool;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const k = table[i]! - 1;
      if (k < 0) return -1;
      if (this.hashes[k] !== hash || this.length[k] !== n) continue;
      const s = this.start[k]!;
      let same = true;
      for (let j = 0; j < n; j++) {
        if (pool[s + j] !== e[j]) {
          same = false;
          break;
        }
      }
      if (same) return k;
    }
  }

  private addVtable(hash: number, n: number, section: SectionCode, rank: number): void {
    if (this.poolUsed + n > this.pool.length) {
      const bigger = new Int32Array(2 * (this.poolUsed + n));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
    }
    this.pool.set(this.entries.subarray(0, n), this.poolUsed);
    const k = this.start.length;
    this.start.push(this.poolUsed);
    this.length.push(n);
    this.hashes.push(hash);
    this.section.push(section);
    this.rank.push(rank);
    this.poolUsed += n;
    if (2 * (k + 1) > this.table.length) this.rehash(2 * this.table.length);
    else this.insert(this.table, hash, k);
  }

  private insert(table: Int32Array, hash: number, k: number): void {
    const mask = table.length - 1;
    let i = hash & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = k + 1;
  }

  private rehash(slots: number): void {
    const table = new Int32Array(slots);
    for (let k = 0; k < this.hashes.length; k++) this.insert(table, this.hashes[k]!, k);
    this.table = table;
  }

  /** `finish(root, identifier)`: the root offset and the 4-byte file identifier, aligned to the largest alignment. */
  finish(): number {
    this.prep(this.minAlign, 8);
    this.off += 4;
    this.prep(this.minAlign, 4);
    this.prep(4, 0);
    this.off += 4;
    this.owned[SECTION.tables]! += 8;
    return this.off;
  }

  /** Bytes written so far (after {@link finish}: the file's length). */
  get size(): number {
    return this.off;
  }

  /** Bytes per section; padding is whatever no object owns. */
  sections(): FileSections {
    const s = this.owned.slice();
    for (let k = 0; k < this.length.length; k++) s[this.section[k]!]! += 2 * this.length[k]!;
    let owned = 0;
    const out = {} as Record<keyof FileSections, number>;
    OWNED.forEach((name, i) => {
      out[name] = s[i]!;
      owned += s[i]!;
    });
    out.padding = this.off - owned;
    return out;
  }
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
