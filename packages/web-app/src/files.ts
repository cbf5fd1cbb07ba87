import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** The files of the built app: one HTML page with its script and styles inline. */
export const WEB_APP_FILES = ['index.html'] as const;

/** The app is not built (the package's build writes `dist/app/`). */
export class WebAppMissingError extends CnnAnalyzerError {}

/** The folder the package's build writes the app to (`dist/app/`, the same from `src/` and from `dist/`). */
export function webAppDir(): string {
  return fileURLToPath(new URL('../dist/app/', import.meta.url));
}

/**
 * Copy the built app into `outDir` (created if missing) and return the paths written. It ships built: nothing is
 * bundled here.
 */
export function writeWebApp(outDir: string): string[] {
  const from = webAppDir();
  const missing = WEB_APP_FILES.filter((f) => !existsSync(join(from, f)));
  if (missing.length) throw new WebAppMissingError(`web app: ${join(from, missing[0]!)} is missing (build @cnn-analyzer/web-app first: npx nx run web-app:build)`, 'webApp', from);
  mkdirSync(outDir, { recursive: true });
  return WEB_APP_FILES.map((f) => {
    const to = join(outDir, f);
    copyFileSync(join(from, f), to);
    return to;
  });
}
