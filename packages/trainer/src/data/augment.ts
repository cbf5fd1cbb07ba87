import type { Random } from '../random.js';
import type { DecodedSplit } from './decoded-cache.js';

/** Random changes applied to each training image. */
export interface Augmentation {
  /** Mirror left–right with probability 0.5. */
  readonly flip: boolean;
  /** Smallest side of the random crop as a fraction of the image (1 = no crop); the crop is resized back. */
  readonly minCropScale: number;
  /** Largest brightness shift, as a fraction of full scale (added). */
  readonly brightness: number;
  /** Largest contrast change (factor drawn from [1 − c, 1 + c] around the image mean). */
  readonly contrast: number;
}

/** No augmentation. */
export const NO_AUGMENTATION: Augmentation = Object.freeze({ flip: false, minCropScale: 1, brightness: 0, contrast: 0 });
/** The augmentation `--augment` turns on: flip, crops of 80–100 %, ±10 % brightness, ±20 % contrast. */
export const DEFAULT_AUGMENTATION: Augmentation = Object.freeze({ flip: true, minCropScale: 0.8, brightness: 0.1, contrast: 0.2 });

const isIdentity = (a: Augmentation): boolean => !a.flip && a.minCropScale >= 1 && a.brightness === 0 && a.contrast === 0;

/**
 * Copy images `indices` of a split into one float HWC batch in [0, 1] (size × size × channels each),
 * augmenting each with draws from `random` in a fixed order.
 */
export function makeBatch(split: DecodedSplit, indices: ArrayLike<number>, size: number, channels: number, aug: Augmentation = NO_AUGMENTATION, random?: Random): Float32Array {
  const per = size * size * channels;
  const out = new Float32Array(indices.length * per);
  const plain = isIdentity(aug) || random === undefined;
  for (let b = 0; b < indices.length; b++) {
    const src = split.pixels.subarray(indices[b]! * per, (indices[b]! + 1) * per);
    const dst = out.subarray(b * per, (b + 1) * per);
    if (plain) {
      for (let i = 0; i < per; i++) dst[i] = src[i]! / 255;
      continue;
    }
    const flip = aug.flip && random!() < 0.5;
    const scale = aug.minCropScale + (1 - aug.minCropScale) * random!();
    const crop = size * scale;
    const x0 = (size - crop) * random!();
    const y0 = (size - crop) * random!();
    const shift = aug.brightness * (2 * random!() - 1);
    const factor = 1 + aug.contrast * (2 * random!() - 1);
    const at = (x: number, y: number, c: number): number => src[(Math.min(size - 1, y) * size + Math.min(size - 1, x)) * channels + c]!;
    for (let y = 0; y < size; y++) {
      const fy = Math.max(0, y0 + (y + 0.5) * scale - 0.5);
      const iy = Math.floor(fy);
      const wy = fy - iy;
      for (let x = 0; x < size; x++) {
        const sx = flip ? size - 1 - x : x;
        const fx = Math.max(0, x0 + (sx + 0.5) * scale - 0.5);
        const ix = Math.floor(fx);
        const wx = fx - ix;
        for (let c = 0; c < channels; c++) {
          const v = (at(ix, iy, c) * (1 - wx) + at(ix + 1, iy, c) * wx) * (1 - wy) + (at(ix, iy + 1, c) * (1 - wx) + at(ix + 1, iy + 1, c) * wx) * wy;
          dst[(y * size + x) * channels + c] = v / 255;
        }
      }
    }
    let mean = 0;
    for (let i = 0; i < per; i++) mean += dst[i]!;
    mean /= per;
    for (let i = 0; i < per; i++) dst[i] = Math.min(1, Math.max(0, (dst[i]! - mean) * factor + mean + shift));
  }
  return out;
}
