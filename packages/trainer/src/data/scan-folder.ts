import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { hash32 } from '../random.js';
import { DataError } from './data-error.js';

/** The three splits of a dataset. */
export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** One image file and its class index. */
export interface LabeledFile {
  readonly path: string;
  readonly label: number;
}

/** An image-folder dataset: class names (sorted) and the files of each split. */
export interface FolderLayout {
  readonly root: string;
  readonly classes: readonly string[];
  readonly splits: Readonly<Record<SplitName, readonly LabeledFile[]>>;
  /** `folders` when `train/ val/ test/` exist, `hash` for the split by file-name hash. */
  readonly splitBy: 'folders' | 'hash';
}

/** Options of {@link scanImageFolder}. */
export interface ScanOptions {
  /** Fraction of the images held out for validation when the split is by hash (or `val/` is absent). @default 0.1 */
  readonly valSplit?: number;
  /** Fraction held out for test when the split is by hash. @default 0.1 */
  readonly testSplit?: number;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.ppm', '.pgm']);

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
const subfolders = (p: string): string[] => readdirSync(p).filter((e) => !e.startsWith('.') && isDir(join(p, e))).sort();
const images = (p: string): string[] =>
  readdirSync(p)
    .filter((e) => !e.startsWith('.') && IMAGE_EXTENSIONS.has(extname(e).toLowerCase()) && !isDir(join(p, e)))
    .sort();

/** Class folders of `dir`, each with its sorted image files; every class must have images and there must be two or more. */
function classFolders(dir: string): Map<string, string[]> {
  const classes = subfolders(dir);
  if (classes.length === 0) throw new DataError(`data ${dir}: no class folders (expected one sub-folder of images per class, e.g. person/ and non_person/)`, 'data', dir);
  const out = new Map<string, string[]>();
  for (const c of classes) {
    const files = images(join(dir, c));
    if (files.length === 0) throw new DataError(`data ${join(dir, c)}: class folder has no PNG, JPEG or PPM/PGM images`, 'data', join(dir, c));
    out.set(c, files.map((f) => join(dir, c, f)));
  }
  if (out.size < 2) throw new DataError(`data ${dir}: only one class folder (${classes[0]}); a classifier needs two or more`, 'data', dir);
  return out;
}

/** Deterministic position in [0, 1) of a file in the hash split: depends on its class and file name only. */
const splitPosition = (cls: string, file: string): number => hash32(`${cls}/${file.slice(file.lastIndexOf('/') + 1)}`) / 4294967296;

function checkFraction(name: string, v: number): void {
  if (!(v >= 0 && v < 0.5)) throw new DataError(`${name}: ${v} is not a fraction from 0 to below 0.5`, name, v);
}

/**
 * Read an image-folder dataset (the Visual Wake Words layout: one folder per class). With `train/`,
 * `val/` and `test/` sub-folders those are the splits (a missing `val/` is split off `train/` by hash);
 * otherwise every file goes to train, val or test by a hash of its class and file name (80/10/10 by default).
 * Throws {@link DataError} for a missing or empty folder, a class without images, a single class, or splits
 * whose classes differ.
 */
export function scanImageFolder(root: string, options: ScanOptions = {}): FolderLayout {
  const val = options.valSplit ?? 0.1;
  const test = options.testSplit ?? 0.1;
  checkFraction('val-split', val);
  checkFraction('test-split', test);
  if (!isDir(root)) throw new DataError(`data ${root}: not a folder`, 'data', root);
  const top = subfolders(root);
  if (top.includes('train') && top.includes('test')) {
    const train = classFolders(join(root, 'train'));
    const classes = [...train.keys()];
    const split = (name: SplitName, folders: Map<string, string[]>): LabeledFile[] => {
      const extra = [...folders.keys()].find((c) => !classes.includes(c));
      if (extra !== undefined) throw new DataError(`data ${join(root, name, extra)}: class is not in ${join(root, 'train')} (classes: ${classes.join(', ')})`, 'data', extra);
      return [...folders].flatMap(([c, files]) => files.map((path) => ({ path, label: classes.indexOf(c) })));
    };
    const testFiles = split('test', classFolders(join(root, 'test')));
    let trainFiles = split('train', train);
    let valFiles: LabeledFile[];
    if (top.includes('val')) valFiles = split('val', classFolders(join(root, 'val')));
    else {
      valFiles = trainFiles.filter((f) => splitPosition(classes[f.label]!, f.path) < val);
      trainFiles = trainFiles.filter((f) => splitPosition(classes[f.label]!, f.path) >= val);
    }
    return checked({ root, classes, splits: { train: trainFiles, val: valFiles, test: testFiles }, splitBy: 'folders' });
  }
  const folders = classFolders(root);
  const classes = [...folders.keys()];
  const splits: Record<SplitName, LabeledFile[]> = { train: [], val: [], test: [] };
  for (const [c, files] of folders) {
    for (const path of files) {
      const u = splitPosition(c, path);
      splits[u < test ? 'test' : u < test + val ? 'val' : 'train'].push({ path, label: classes.indexOf(c) });
    }
  }
  return checked({ root, classes, splits, splitBy: 'hash' });
}

function checked(layout: FolderLayout): FolderLayout {
  for (const s of ['train', 'test'] as const) {
    if (layout.splits[s].length === 0) throw new DataError(`data ${layout.root}: the ${s} split is empty (add images, or train/ and test/ folders)`, 'data', layout.root);
  }
  return layout;
}
