import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** An RGBA image, 8 bits per channel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** An image file could not be decoded. */
export class ImageDecodeError extends CnnAnalyzerError {}

/** Binary PPM (P6) / PGM (P5) with maxval ≤ 255. */
function decodePnm(bytes: Uint8Array, path: string): RgbaImage {
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const m = /^(P[56])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m || Number(m[4]) > 255) throw new ImageDecodeError(`${path}: not a binary PPM/PGM with maxval ≤ 255`, 'image', path);
  const [width, height] = [Number(m[2]), Number(m[3])];
  const channels = m[1] === 'P6' ? 3 : 1;
  const pixels = bytes.subarray(m[0].length);
  if (pixels.length < width * height * channels) throw new ImageDecodeError(`${path}: pixel data is truncated`, 'image', path);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = pixels[i * channels + (channels === 3 ? c : 0)]!;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Decode a PNG, JPEG or binary PPM/PGM file's bytes (by signature, not extension). */
export function decodeImage(bytes: Uint8Array, path: string): RgbaImage {
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(Buffer.from(bytes));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, data: img.data };
    }
    if (bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36)) return decodePnm(bytes, path);
  } catch (e) {
    if (e instanceof ImageDecodeError) throw e;
    throw new ImageDecodeError(`${path}: cannot decode image: ${(e as Error).message}`, 'image', path);
  }
  throw new ImageDecodeError(`${path}: not a PNG, JPEG or binary PPM/PGM file`, 'image', path);
}

/**
 * Resize (bilinear) to size × size and lay out as a float HWC sample in [0, 1] with 3 (RGB) or
 * 1 (luma) channels.
 */
export function toSample(img: RgbaImage, size: number, channels: number): Float32Array {
  const out = new Float32Array(size * size * channels);
  const sx = img.width / size;
  const sy = img.height / size;
  const at = (x: number, y: number, c: number): number => img.data[(Math.min(img.height - 1, y) * img.width + Math.min(img.width - 1, x)) * 4 + c]!;
  for (let y = 0; y < size; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.floor(fx);
      const wx = fx - x0;
      const rgb = [0, 1, 2].map((c) => (at(x0, y0, c) * (1 - wx) + at(x0 + 1, y0, c) * wx) * (1 - wy) + (at(x0, y0 + 1, c) * (1 - wx) + at(x0 + 1, y0 + 1, c) * wx) * wy);
      const base = (y * size + x) * channels;
      if (channels === 1) out[base] = (0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!) / 255;
      else for (let c = 0; c < channels; c++) out[base + c] = rgb[c % 3]! / 255;
    }
  }
  return out;
}
