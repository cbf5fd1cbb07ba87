import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { architectureConformance } from '@cnn-analyzer/conformance';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import { archPluginFiles } from '../index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
// Generated inside the repository (gitignored) so that its imports resolve like a real plugin's.
const out = join(root, 'tmp', 'arch', `generated-${process.pid}`); // same depth as plugins/arch/<name>
for (const [path, content] of Object.entries(archPluginFiles({ name: 'demo-net' }))) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), content);
}
const generated = (await import(join(out, 'src/plugin.ts'))) as { demoNet: Architecture };
afterAll(() => rmSync(out, { recursive: true, force: true }));

// The generated plugin passes the conformance suite exactly as generated.
architectureConformance(generated.demoNet, { propertyRuns: 30 });

describe('arch-plugin generator', () => {
  it('rejects a name that is not kebab-case', () => {
    expect(() => archPluginFiles({ name: 'Demo_Net' })).toThrow('name: "Demo_Net" must be kebab-case');
  });

  it('runs through `nx g` (dry run) and lists the plugin files', () => {
    const r = spawnSync('npx', ['nx', 'g', '@cnn-analyzer/generators:arch-plugin', 'dry-net', '--dry-run', '--no-interactive'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    // …and registers it in the CNN Analyzer configuration
    expect(r.stdout).toMatch(/(CREATE|UPDATE) (cnn-analyzer\.config\.json|package\.json)/);
    expect(r.stdout).toContain('plugins/arch/dry-net/src/plugin.ts');
    expect(r.stdout).toContain('plugins/arch/dry-net/package.json');
  }, 120_000);
});
