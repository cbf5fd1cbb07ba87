import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { decodeImage, toSample, ImageDecodeError } from './decode.js';
import { imageSamples, listImages } from './image-folder.js';

function png(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const img = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) img.data.set([...rgb, 255], i * 4);
  return new Uint8Array(PNG.sync.write(img));
}

describe('representative images', () => {
  it('decodes PNG, JPEG and PPM to the same solid colour and scales to [0, 1]', () => {
    const raw = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < 256; i++) raw.set([200, 100, 50, 255], i * 4);
    const jpg = jpeg.encode({ data: raw, width: 16, height: 16 }, 100).data;
    const ppm = new Uint8Array([...new TextEncoder().encode('P6\n16 16\n255\n'), ...Array.from({ length: 256 }, () => [200, 100, 50]).flat()]);
    for (const bytes of [png(16, 16, [200, 100, 50]), new Uint8Array(jpg), ppm]) {
      const s = toSample(decodeImage(bytes, 'x'), 8, 3);
      expect(s).toHaveLength(8 * 8 * 3);
      expect(s[0]!).toBeCloseTo(200 / 255, 1);
      expect(s[1]!).toBeCloseTo(100 / 255, 1);
      expect(s[2]!).toBeCloseTo(50 / 255, 1);
    }
    // luma for one channel: 0.299·R + 0.587·G + 0.114·B
    expect(toSample(decodeImage(png(4, 4, [255, 0, 0]), 'r'), 2, 1)[0]!).toBeCloseTo(0.299, 3);
  });

  it('reads a folder with one sub-folder per class, and rejects junk with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rep-'));
    mkdirSync(join(dir, 'person'));
    mkdirSync(join(dir, 'no_person'));
    writeFileSync(join(dir, 'person', 'a.png'), png(20, 10, [255, 255, 255]));
    writeFileSync(join(dir, 'no_person', 'b.png'), png(10, 20, [0, 0, 0]));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(listImages(dir).map((p) => p.slice(dir.length))).toEqual(['/no_person/b.png', '/person/a.png']);
    const samples = [...imageSamples(dir, 4, 3)];
    expect(samples.map((s) => s[0])).toEqual([0, 1]);
    writeFileSync(join(dir, 'person', 'broken.png'), new Uint8Array([0x89, 0x50, 1, 2, 3]));
    expect(() => [...imageSamples(dir, 4, 3)]).toThrow(ImageDecodeError);
    expect(() => [...imageSamples(dir, 4, 3)]).toThrow(/broken\.png: cannot decode image/);
    expect(() => listImages(join(dir, 'missing'))).toThrow(/not a folder/);
  });
});
