import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { countedImageSamples, describeRepresentativeUse, newRepresentativeUse } from './representative-images.js';

function png(path: string, width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): void {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const [r, g, b] = pixel(x, y);
    img.data.set([r, g, b, 255], (y * width + x) * 4);
  }
  writeFileSync(path, PNG.sync.write(img));
}

describe('--representative says what it did with mixed sizes and gray images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'repr-'));
  png(join(dir, 'a.png'), 64, 64, (x) => [200, 10 + x, 30]); // colour
  png(join(dir, 'b.png'), 100, 50, () => [120, 120, 120]); // gray, another size and aspect ratio

  it('for an RGB model: both images resized, the gray one in all three channels', () => {
    const use = newRepresentativeUse();
    const samples = [...countedImageSamples(dir, 96, 3, 32, use)];
    expect(samples).toHaveLength(2);
    expect(Array.from(samples[1]!.subarray(0, 3))).toEqual([120 / 255, 120 / 255, 120 / 255].map(Math.fround));
    expect(describeRepresentativeUse(dir, use, 96, 3)).toBe(
      `calibrated on 2 images from ${dir} (2 sizes: 1× 64×64, 1× 100×50), resized to 96×96 (bilinear, aspect ratio not kept); 1 gray image given the same value in all 3 channels`,
    );
  });

  it('for a one-channel model: the colour image turned gray by luma', () => {
    const use = newRepresentativeUse();
    const [first] = [...countedImageSamples(dir, 64, 1, 32, use)];
    expect(first![0]).toBeCloseTo((0.299 * 200 + 0.587 * 10 + 0.114 * 30) / 255, 5); // pixel (0, 0) of a.png, not resized
    expect(describeRepresentativeUse(dir, use, 64, 1)).toContain('1 colour image turned gray (0.299 R + 0.587 G + 0.114 B)');
  });
});
