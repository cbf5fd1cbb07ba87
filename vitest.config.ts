import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Map every workspace package name to its TypeScript source so tests never need a build. */
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const roots = ['packages', 'plugins/arch', 'plugins/device', 'tools'];
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const root of roots) {
    const dir = resolve(__dirname, root);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const pkgFile = join(dir, entry, 'package.json');
      const src = join(dir, entry, 'src', 'index.ts');
      if (!existsSync(pkgFile) || !existsSync(src)) continue;
      const { name, exports = {} } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; exports?: Record<string, unknown> };
      aliases.push({ find: new RegExp(`^${name.replace(/[/\\-]/g, '\\$&')}$`), replacement: src });
      // subpath entries (`@cnn-analyzer/exporter/size` → src/size.ts)
      for (const sub of Object.keys(exports).filter((k) => k.startsWith('./') && existsSync(join(dir, entry, 'src', `${k.slice(2)}.ts`)))) {
        aliases.push({ find: new RegExp(`^${`${name}/${sub.slice(2)}`.replace(/[/\\-]/g, '\\$&')}$`), replacement: join(dir, entry, 'src', `${sub.slice(2)}.ts`) });
      }
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'plugins/*/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    // Type-level tests (*.test-d.ts) run through tsc with the project's check config.
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts', 'plugins/*/*/src/**/*.test-d.ts', 'tools/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.check.json' },
    testTimeout: 60_000,
    setupFiles: ['tools/vitest-setup/yield-between-tests.ts'],
    hookTimeout: 120_000,
    reporters: ['default'],
    // Commands record what they analyze: keep the tests' database out of the working tree.
    env: { CNN_ANALYZER_DB: join(tmpdir(), `cnn-analyzer-test-${process.pid}.db`) },
  },
});
