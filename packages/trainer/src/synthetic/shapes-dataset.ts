import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { mulberry32, type Random } from '../random.js';

/** Options of {@link writeShapesDataset}. */
export interface ShapesDatasetOptions {
  /** Images per class. @default 100 */
  readonly perClass?: number;
  /** Side of the images, pixels. @default 64 */
  readonly size?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Write every `jpegEvery`-th image as JPEG (quality 90), the others as PNG. @default 2 */
  readonly jpegEvery?: number;
}

/** The two classes: a drawn figure (head over body) on clutter, and the clutter alone. */
export const SHAPES_CLASSES = ['clutter', 'figure'] as const;

class Canvas {
  readonly data: Uint8Array;
  constructor(readonly size: number) {
    this.data = new Uint8Array(size * size * 4);
  }
  fill(inside: (x: number, y: number) => boolean, rgb: readonly number[]): void {
    for (let y = 0; y < this.size; y++) for (let x = 0; x < this.size; x++) if (inside(x + 0.5, y + 0.5)) this.data.set(rgb, (y * this.size + x) * 4);
  }
}

const colour = (r: Random, lo: number, hi: number): number[] => [0, 1, 2].map(() => Math.round(lo + (hi - lo) * r()));

/** Background: a random dark gradient with thin lines and small boxes of random colours. */
function clutter(c: Canvas, r: Random): void {
  const [a, b] = [colour(r, 0, 90), colour(r, 0, 90)];
  for (let y = 0; y < c.size; y++) for (let x = 0; x < c.size; x++) {
    const t = (x + y) / (2 * c.size);
    c.data.set([...a.map((v, k) => Math.round(v * (1 - t) + b[k]! * t)), 255], (y * c.size + x) * 4);
  }
  const n = 3 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const s = c.size;
    if (r() < 0.5) {
      const [x0, y0, angle, w] = [r() * s, r() * s, r() * Math.PI, 0.6 + r()];
      const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
      c.fill((x, y) => Math.abs((x - x0) * dy - (y - y0) * dx) < w, colour(r, 30, 150));
    } else {
      const [x0, y0, w, h] = [r() * s, r() * s, 2 + r() * s * 0.12, 2 + r() * s * 0.12];
      c.fill((x, y) => x >= x0 && x < x0 + w && y >= y0 && y < y0 + h, colour(r, 30, 150));
    }
  }
}

/** A figure: a round head over a body with two legs, bright, at a random scale (45–80 % of the height) and position. */
function figure(c: Canvas, r: Random): void {
  const s = c.size;
  const h = s * (0.45 + 0.35 * r());
  const cx = h * 0.3 + r() * (s - h * 0.6);
  const top = r() * (s - h);
  const head = h * 0.14;
  const hy = top + head;
  const rgb = colour(r, 190, 255);
  c.fill((x, y) => (x - cx) ** 2 + (y - hy) ** 2 < head * head, rgb);
  c.fill((x, y) => Math.abs(x - cx) < h * 0.12 && y > hy + head && y < top + h * 0.65, rgb);
  c.fill((x, y) => y >= top + h * 0.65 && y < top + h && Math.abs(Math.abs(x - cx) - h * 0.08) < h * 0.04, rgb);
}

/** Gaussian-ish noise (sum of uniforms) of ±`amount` grey levels on every channel. */
function noise(c: Canvas, r: Random, amount: number): void {
  for (let i = 0; i < c.data.length; i++) {
    if (i % 4 === 3) continue;
    c.data[i] = Math.max(0, Math.min(255, c.data[i]! + Math.round((r() + r() + r() - 1.5) * amount)));
  }
}

/**
 * Write a two-class image set in the image-folder layout: `<dir>/figure/*.{png,jpg}` (a drawn figure on
 * clutter) and `<dir>/clutter/*` (clutter only), with noise and scale/position variation. Returns the
 * files written.
 */
export function writeShapesDataset(dir: string, options: ShapesDatasetOptions = {}): string[] {
  const { perClass = 100, size = 64, seed = 1, jpegEvery = 2 } = options;
  const files: string[] = [];
  SHAPES_CLASSES.forEach((cls, k) => {
    mkdirSync(join(dir, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const r = mulberry32(seed * 1_000_003 + k * 100_003 + i);
      const c = new Canvas(size);
      clutter(c, r);
      if (cls === 'figure') figure(c, r);
      noise(c, r, 20 + 20 * r());
      const jpg = jpegEvery > 0 && i % jpegEvery === jpegEvery - 1;
      const file = join(dir, cls, `${cls}-${String(i).padStart(4, '0')}.${jpg ? 'jpg' : 'png'}`);
      if (jpg) writeFileSync(file, jpeg.encode({ data: c.data, width: size, height: size }, 90).data);
      else {
        const png = new PNG({ width: size, height: size });
        png.data.set(c.data);
        writeFileSync(file, PNG.sync.write(png));
      }
      files.push(file);
    }
  });
  return files;
}
