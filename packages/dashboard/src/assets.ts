import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** One file of the web app, served at a fixed path. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const JS = 'text/javascript; charset=utf-8';

/** The web app's own files (the package's assets/ folder), in the order the page loads its scripts. */
export const APP_FILES = {
  '/index.html': 'text/html; charset=utf-8',
  '/app.css': 'text/css; charset=utf-8',
  '/format.js': JS,
  '/figures.js': JS,
  '/ui.js': JS,
  '/scorecard.js': JS,
  '/layerwise.js': JS,
  '/comparison.js': JS,
  '/search.js': JS,
  '/app.js': JS,
} as const;

/**
 * Libraries from npm, served from node_modules (and inlined into reports): d3 (which Observable Plot's browser
 * bundle needs as a global), Observable Plot, and htm's standalone Preact build. Path → [package, file in it].
 */
export const VENDOR_FILES = {
  '/vendor/d3.min.js': ['d3', 'dist/d3.min.js'],
  '/vendor/plot.umd.min.js': ['@observablehq/plot', 'dist/plot.umd.min.js'],
  '/vendor/htm-preact.umd.js': ['htm', 'preact/standalone.umd.js'],
} as const;

/** Scripts in load order: libraries first, then the app's views, the router last. */
export const SCRIPTS: readonly (keyof typeof APP_FILES | keyof typeof VENDOR_FILES)[] = [
  ...(Object.keys(VENDOR_FILES) as (keyof typeof VENDOR_FILES)[]),
  ...(Object.keys(APP_FILES).filter((p) => p.endsWith('.js')) as (keyof typeof APP_FILES)[]),
];

/** The package's assets/ folder: one level above both src/ and dist/. */
const ASSET_DIR = new URL('../assets/', import.meta.url);

/** A file inside an installed package (found through the package's entry point, so hoisting does not matter). */
function vendorUrl(pkg: string, file: string): URL {
  const entry = pathToFileURL(createRequire(import.meta.url).resolve(pkg)).href;
  const marker = `/node_modules/${pkg}/`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`dashboard: cannot find the installed package ${pkg} (resolved to ${entry})`);
  return new URL(file, entry.slice(0, at + marker.length));
}

function fileUrl(path: string): URL {
  const vendor = (VENDOR_FILES as Record<string, readonly [string, string]>)[path];
  return vendor ? vendorUrl(vendor[0], vendor[1]) : new URL(`.${path}`, ASSET_DIR);
}

/** Read every asset once, keyed by its URL path. */
export function loadAssets(): Map<string, Asset> {
  const all: [string, string][] = [...Object.entries(APP_FILES), ...Object.keys(VENDOR_FILES).map((p): [string, string] => [p, JS])];
  return new Map(all.map(([path, type]) => [path, { type, body: readFileSync(fileUrl(path)) }]));
}

/** An asset's text, for inlining into a self-contained report. */
export function assetText(path: keyof typeof APP_FILES | keyof typeof VENDOR_FILES): string {
  return readFileSync(fileUrl(path), 'utf8');
}
