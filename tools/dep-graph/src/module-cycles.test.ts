import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findModuleCycles, sourceFolders } from './module-cycles.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('import cycles inside a package', () => {
  it('there are none in any workspace package', async () => {
    const folders = sourceFolders(root);
    expect(folders).toContain('packages/arch-spec/src');
    expect(folders).toContain('packages/tflm-project/src');
    const cycles = await findModuleCycles(root, folders);
    expect(cycles.map((c) => `${c.package}: ${c.files.join(' → ')}`)).toEqual([]);
  }, 60_000);

  it('finds a cycle made of type-only imports, once, and not the module that only joins it', async () => {
    const cycles = await findModuleCycles(root, ['tools/dep-graph/test/fixtures/cycle']);
    expect(cycles).toEqual([{ package: 'tools/dep-graph/test/fixtures/cycle', files: ['a.ts', 'b.ts', 'a.ts'] }]);
  });
});
