import { readFileSync } from 'node:fs';

/** One file of the web app, served at a fixed path. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The web app's files: the only files the server ever sends. */
export const ASSET_FILES = {
  '/index.html': 'text/html; charset=utf-8',
  '/app.css': 'text/css; charset=utf-8',
  '/charts.js': 'text/javascript; charset=utf-8',
  '/views.js': 'text/javascript; charset=utf-8',
  '/app.js': 'text/javascript; charset=utf-8',
} as const;

/** The package's assets/ folder: one level above both src/ and dist/. */
const ASSET_DIR = new URL('../assets/', import.meta.url);

/** Read every asset once, keyed by its URL path. */
export function loadAssets(): Map<string, Asset> {
  return new Map(Object.entries(ASSET_FILES).map(([path, type]) => [path, { type, body: readFileSync(new URL(`.${path}`, ASSET_DIR)) }]));
}

/** An asset's text, for inlining into a self-contained report. */
export function assetText(path: keyof typeof ASSET_FILES): string {
  return readFileSync(new URL(`.${path}`, ASSET_DIR), 'utf8');
}
