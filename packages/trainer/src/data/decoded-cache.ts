import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, toSample } from '@cnn-analyzer/exporter';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { DataError } from './data-error.js';
import { SPLITS, type FolderLayout, type SplitName } from './scan-folder.js';

/** The images of one split, decoded and resized: `count` HWC uint8 images of size × size × channels. */
export interface DecodedSplit {
  readonly count: number;
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
  readonly files: readonly string[];
}

/** A dataset decoded once, resized to the model's input. */
export interface DecodedDataset {
  readonly classes: readonly string[];
  readonly size: number;
  readonly channels: number;
  readonly splits: Readonly<Record<SplitName, DecodedSplit>>;
  /** The cache file the pixels were read from or written to. */
  readonly cacheFile: string;
  /** True when the cache was valid and no image was decoded. */
  readonly fromCache: boolean;
}

/** Options of {@link loadDataset}. */
export interface LoadOptions {
  /** Folder of the decoded-tensor cache files. @default `$CNN_ANALYZER_CACHE` or `~/.cache/cnn-analyzer/datasets` */
  readonly cacheDir?: string;
  /** Called after each decoded image (not when the cache is used). */
  readonly onDecoded?: (done: number, total: number) => void;
}

const MAGIC = 'CNNA-DS1';

/** The default cache folder. */
export function defaultCacheDir(): string {
  return process.env.CNN_ANALYZER_CACHE ?? join(homedir(), '.cache', 'cnn-analyzer', 'datasets');
}

/** The cache key: the target size and every file's path, size and modification time. */
function cacheKey(layout: FolderLayout, size: number, channels: number): string {
  const h = createHash('sha256').update(`${MAGIC} ${size} ${channels} ${layout.classes.join('/')}\n`);
  for (const s of SPLITS) {
    for (const f of layout.splits[s]) {
      const st = statSync(f.path);
      h.update(`${s} ${f.label} ${f.path} ${st.size} ${st.mtimeMs}\n`);
    }
  }
  return h.digest('hex').slice(0, 24);
}

/** Decode one file to HWC uint8 at the model's input size; an image smaller than half the input on a side is refused. */
function decodeFile(path: string, size: number, channels: number): Uint8Array {
  const img = decodeImage(new Uint8Array(readFileSync(path)), path);
  const min = Math.ceil(size / 2);
  if (img.width < min || img.height < min) {
    throw new DataError(`${path}: ${img.width}×${img.height} pixels is too small for the ${size}×${size} model input (each side must be at least ${min})`, 'image', path);
  }
  return Uint8Array.from(toSample(img, size, channels), (v) => Math.round(v * 255));
}

function readCache(file: string, key: string): Record<SplitName, DecodedSplit> | undefined {
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  if (buf.subarray(0, 8).toString('latin1') !== MAGIC) return undefined;
  const headerBytes = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + headerBytes).toString('utf8')) as { key: string; splits: Record<SplitName, { count: number; labels: number[]; files: string[] }> };
  if (header.key !== key) return undefined;
  let offset = 12 + headerBytes;
  const out = {} as Record<SplitName, DecodedSplit>;
  const per = buf.length - offset;
  const total = SPLITS.reduce((n, s) => n + header.splits[s].count, 0);
  const imageBytes = total === 0 ? 0 : per / total;
  for (const s of SPLITS) {
    const h = header.splits[s];
    const bytes = h.count * imageBytes;
    out[s] = { count: h.count, labels: Int32Array.from(h.labels), files: h.files, pixels: new Uint8Array(buf.buffer, buf.byteOffset + offset, bytes) };
    offset += bytes;
  }
  return out;
}

function writeCache(file: string, key: string, splits: Record<SplitName, DecodedSplit>): void {
  const header = Buffer.from(JSON.stringify({ key, splits: Object.fromEntries(SPLITS.map((s) => [s, { count: splits[s].count, labels: [...splits[s].labels], files: splits[s].files }])) }), 'utf8');
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 8);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([head, header, ...SPLITS.map((s) => splits[s].pixels)]));
  renameSync(tmp, file); // atomic: a killed run leaves no half-written cache
}

/**
 * Decode every image of the layout once, resized to size × size with `channels` (3 RGB, 1 luma), and keep
 * them in a cache file keyed by the files' paths, sizes and times, so later epochs and runs read no image
 * files. Throws {@link DataError} naming the first file that cannot be decoded or is too small (and how
 * many more are bad); the cache is only written when every file is good.
 */
export function loadDataset(layout: FolderLayout, size: number, channels: number, options: LoadOptions = {}): DecodedDataset {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = cacheKey(layout, size, channels);
  const cacheFile = join(cacheDir, `${key}.bin`);
  const base = { classes: layout.classes, size, channels, cacheFile };
  const cached = readCache(cacheFile, key);
  if (cached) return { ...base, splits: cached, fromCache: true };
  const total = SPLITS.reduce((n, s) => n + layout.splits[s].length, 0);
  const bad: DataError[] = [];
  let done = 0;
  const splits = {} as Record<SplitName, DecodedSplit>;
  for (const s of SPLITS) {
    const files = layout.splits[s];
    const pixels = new Uint8Array(files.length * size * size * channels);
    files.forEach((f, i) => {
      try {
        pixels.set(decodeFile(f.path, size, channels), i * size * size * channels);
      } catch (e) {
        if (!(e instanceof CnnAnalyzerError)) throw e;
        bad.push(e instanceof DataError ? e : new DataError(e.message, 'image', f.path));
      }
      options.onDecoded?.(++done, total);
    });
    splits[s] = { count: files.length, pixels, labels: Int32Array.from(files, (f) => f.label), files: files.map((f) => f.path) };
  }
  if (bad.length > 0) throw new DataError(`${bad[0]!.message}${bad.length > 1 ? ` (and ${bad.length - 1} more bad image files)` : ''}`, 'image', bad[0]!.value);
  mkdirSync(cacheDir, { recursive: true });
  writeCache(cacheFile, key, splits);
  return { ...base, splits, fromCache: false };
}
