// Builds the offline web app into dist/app/index.html: one file, the bundle and the styles inline, with a content
// security policy that allows only those (hashed) and no network at all (`connect-src 'none'`).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  entryPoints: [`${pkg}app/main.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'eof',
  write: false,
  logLevel: 'warning',
});
// `</script` inside the bundle would end the inline script early.
const js = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
const css = readFileSync(`${pkg}app/app.css`, 'utf8');
const hash = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${hash(js)}`,
  // the charts set inline styles on their SVG elements
  "style-src 'unsafe-inline'",
  'img-src data:',
  "connect-src 'none'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const page = readFileSync(`${pkg}app/index.html`, 'utf8')
  .replace('%CSP%', csp)
  .replace('%CSS%', () => css)
  .replace('%JS%', () => js);
mkdirSync(`${pkg}dist/app`, { recursive: true });
writeFileSync(`${pkg}dist/app/index.html`, page);
console.log(`dist/app/index.html  ${(page.length / 1024).toFixed(0)} KB`);
