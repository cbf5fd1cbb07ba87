import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { decodeImage, toSample } from './decode.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.ppm', '.pgm']);

/** Image files under a folder (one sub-folder per class, or flat), sorted for reproducibility. */
export function listImages(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CnnAnalyzerError(`representative data ${JSON.stringify(dir)}: not a folder`, 'representative', dir);
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((e) => {
        const p = join(d, e);
        return statSync(p).isDirectory() ? walk(p) : IMAGE_EXTENSIONS.has(extname(e).toLowerCase()) ? [p] : [];
      });
  const files = walk(dir);
  if (files.length === 0) throw new CnnAnalyzerError(`representative data ${JSON.stringify(dir)}: no PNG, JPEG or PPM/PGM images found`, 'representative', dir);
  return files;
}

/**
 * Representative samples for calibration: up to `limit` images from the folder (spread evenly over
 * its files), resized to the model input and scaled to [0, 1].
 */
export function* imageSamples(dir: string, size: number, channels: number, limit = 200): Generator<Float32Array> {
  const files = listImages(dir);
  const step = Math.max(1, files.length / limit);
  for (let i = 0; i < files.length && i / step < limit; i += step) {
    const path = files[Math.floor(i)]!;
    yield toSample(decodeImage(new Uint8Array(readFileSync(path)), path), size, channels);
  }
}
