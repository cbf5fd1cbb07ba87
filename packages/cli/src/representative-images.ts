import { readFileSync } from 'node:fs';
import { decodeImage, listImages, toSample, type RgbaImage } from '@cnn-analyzer/exporter';

/** What calibration did with a folder of images, for one line on stderr. */
export interface RepresentativeUse {
  used: number;
  readonly sizes: Map<string, number>;
  /** Images with no colour (R = G = B everywhere). */
  gray: number;
  /** Images with colour. */
  colour: number;
}

function isGray(img: RgbaImage): boolean {
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i] !== img.data[i + 1] || img.data[i] !== img.data[i + 2]) return false;
  return true;
}

/**
 * The exporter's calibration samples (up to `limit` images spread over the folder, resized to `size`×`size` and
 * scaled to [0, 1]), counting on the way what was done to them, so the CLI can say it.
 */
export function* countedImageSamples(dir: string, size: number, channels: number, limit: number, use: RepresentativeUse): Generator<Float32Array> {
  const files = listImages(dir);
  const step = Math.max(1, files.length / limit);
  for (let i = 0; i < files.length && i / step < limit; i += step) {
    const path = files[Math.floor(i)]!;
    const img = decodeImage(new Uint8Array(readFileSync(path)), path);
    const key = `${img.width}×${img.height}`;
    use.sizes.set(key, (use.sizes.get(key) ?? 0) + 1);
    if (isGray(img)) use.gray++;
    else use.colour++;
    use.used++;
    yield toSample(img, size, channels);
  }
}

/** A fresh, empty count. */
export function newRepresentativeUse(): RepresentativeUse {
  return { used: 0, sizes: new Map(), gray: 0, colour: 0 };
}

/**
 * One line saying what calibration did: how many images, of which sizes, resized to what, and how gray images
 * met an RGB model (their gray value in all three channels) or colour images a one-channel model (luma).
 */
export function describeRepresentativeUse(dir: string, use: RepresentativeUse, size: number, channels: number): string {
  const sizes = [...use.sizes.entries()].sort((a, b) => b[1] - a[1]);
  const sizeText = sizes.length === 1 ? `all ${sizes[0]![0]}` : `${sizes.length} sizes: ${sizes.slice(0, 4).map(([k, n]) => `${n}× ${k}`).join(', ')}${sizes.length > 4 ? ', …' : ''}`;
  const resized = sizes.length === 1 && sizes[0]![0] === `${size}×${size}` ? 'not resized' : `resized to ${size}×${size} (bilinear, aspect ratio not kept)`;
  const parts = [`calibrated on ${use.used} image${use.used === 1 ? '' : 's'} from ${dir} (${sizeText}), ${resized}`];
  if (channels >= 3 && use.gray > 0) parts.push(`${use.gray} gray image${use.gray === 1 ? '' : 's'} given the same value in all ${channels} channels`);
  if (channels === 1 && use.colour > 0) parts.push(`${use.colour} colour image${use.colour === 1 ? '' : 's'} turned gray (0.299 R + 0.587 G + 0.114 B)`);
  return parts.join('; ');
}
