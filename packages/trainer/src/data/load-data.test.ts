import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { writeShapesDataset } from '../synthetic/shapes-dataset.js';
import { loadDataset } from './decoded-cache.js';
import { DataError } from './data-error.js';
import { scanImageFolder } from './scan-folder.js';

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const img = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) img.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(img);
}

describe('image-folder datasets', () => {
  it('splits a flat class layout 80/10/10 by file-name hash, the same on every scan, and reads train/ val/ test/ folders as given', () => {
    const dir = tmp('flat-');
    writeShapesDataset(dir, { perClass: 100, size: 16 });
    const a = scanImageFolder(dir);
    expect(a.classes).toEqual(['clutter', 'figure']);
    expect(a.splitBy).toBe('hash');
    const n = { train: a.splits.train.length, val: a.splits.val.length, test: a.splits.test.length };
    expect(n.train + n.val + n.test).toBe(200);
    // a binomial(200, 0.1) count lies within 20 ± 15 (3.5 standard deviations)
    for (const k of ['val', 'test'] as const) expect(Math.abs(n[k] - 20)).toBeLessThan(15);
    expect(scanImageFolder(dir)).toEqual(a);
    // the split of a file does not depend on which other files exist
    rmSync(a.splits.test[0]!.path);
    const b = scanImageFolder(dir);
    expect(b.splits.test.map((f) => f.path)).toEqual(a.splits.test.slice(1).map((f) => f.path));

    const vww = tmp('vww-');
    for (const [split, files] of [['train', 4], ['val', 2], ['test', 3]] as const) {
      for (const cls of ['non_person', 'person']) {
        mkdirSync(join(vww, split, cls), { recursive: true });
        for (let i = 0; i < files; i++) writeFileSync(join(vww, split, cls, `${i}.png`), png(8, 8, [i * 10, 0, 0]));
      }
    }
    const v = scanImageFolder(vww);
    expect(v.splitBy).toBe('folders');
    expect([v.splits.train.length, v.splits.val.length, v.splits.test.length]).toEqual([8, 4, 6]);
    expect(v.splits.test.filter((f) => f.label === 1).every((f) => f.path.includes('/test/person/'))).toBe(true);
  });

  it('decodes PNG and JPEG once into a cache file, resized, and reads the cache on the next load', () => {
    const dir = tmp('dec-');
    for (const [cls, rgb] of [['a', [200, 40, 0]], ['b', [0, 90, 250]]] as const) {
      mkdirSync(join(dir, cls));
      for (let i = 0; i < 10; i++) {
        if (i % 2) {
          const raw = Buffer.alloc(20 * 20 * 4);
          for (let p = 0; p < 400; p++) raw.set([...rgb, 255], p * 4);
          writeFileSync(join(dir, cls, `${i}.jpg`), jpeg.encode({ data: raw, width: 20, height: 20 }, 95).data);
        } else writeFileSync(join(dir, cls, `${i}.png`), png(20, 20, [...rgb]));
      }
    }
    const cache = tmp('cache-');
    let decoded = 0;
    const layout = scanImageFolder(dir);
    const first = loadDataset(layout, 8, 3, { cacheDir: cache, onDecoded: () => decoded++ });
    expect(first.fromCache).toBe(false);
    expect(decoded).toBe(20);
    const all = ['train', 'val', 'test'] as const;
    for (const s of all) {
      const split = first.splits[s];
      for (let i = 0; i < split.count; i++) {
        const rgb = split.labels[i] === 0 ? [200, 40, 0] : [0, 90, 250];
        const px = split.pixels.subarray(i * 192, i * 192 + 3);
        // a solid colour stays that colour through JPEG (quality 95) and resizing: within 3 grey levels
        for (let c = 0; c < 3; c++) expect(Math.abs(px[c]! - rgb[c]!)).toBeLessThanOrEqual(3);
      }
    }
    const second = loadDataset(layout, 8, 3, { cacheDir: cache, onDecoded: () => decoded++ });
    expect(second.fromCache).toBe(true);
    expect(decoded).toBe(20);
    for (const s of all) expect(Buffer.from(second.splits[s].pixels).equals(Buffer.from(first.splits[s].pixels))).toBe(true);
    // another input size is another cache file
    expect(loadDataset(layout, 4, 1, { cacheDir: cache }).cacheFile).not.toBe(first.cacheFile);
  });

  it('rejects bad folders and files with one line naming them', () => {
    const empty = tmp('empty-');
    expect(() => scanImageFolder(empty)).toThrow(`data ${empty}: no class folders (expected one sub-folder of images per class, e.g. person/ and non_person/)`);
    expect(() => scanImageFolder(join(empty, 'nope'))).toThrow(`data ${join(empty, 'nope')}: not a folder`);
    mkdirSync(join(empty, 'person'));
    expect(() => scanImageFolder(empty)).toThrow(`data ${join(empty, 'person')}: class folder has no PNG, JPEG or PPM/PGM images`);
    writeFileSync(join(empty, 'person', 'a.png'), png(8, 8, [1, 2, 3]));
    expect(() => scanImageFolder(empty)).toThrow(`data ${empty}: only one class folder (person); a classifier needs two or more`);

    const dir = tmp('bad-');
    writeShapesDataset(dir, { perClass: 30, size: 16 });
    const broken = join(dir, 'figure', 'broken.jpg');
    writeFileSync(broken, readFileSync(join(dir, 'figure', 'figure-0001.jpg')).subarray(0, 40));
    const tiny = join(dir, 'clutter', 'tiny.png');
    writeFileSync(tiny, png(3, 3, [9, 9, 9]));
    const cache = tmp('cache-');
    const load = (): unknown => loadDataset(scanImageFolder(dir, { valSplit: 0, testSplit: 0.2 }), 16, 3, { cacheDir: cache });
    expect(load).toThrow(DataError);
    expect(load).toThrow(new RegExp(`^${tiny}: 3×3 pixels is too small for the 16×16 model input \\(each side must be at least 8\\) \\(and 1 more bad image files\\)$|^${broken}: cannot decode image: .* \\(and 1 more bad image files\\)$`));
    rmSync(tiny);
    expect(load).toThrow(new RegExp(`^${broken}: cannot decode image: `));
    // the good files are untouched and load once the bad one is gone
    rmSync(broken);
    expect((load() as { splits: { train: { count: number } } }).splits.train.count).toBeGreaterThan(0);
    copyFileSync(join(dir, 'figure', 'figure-0000.png'), join(dir, 'figure', 'copy.png'));
    expect(() => scanImageFolder(dir, { valSplit: 0.7 })).toThrow('val-split: 0.7 is not a fraction from 0 to below 0.5');
  });
});
