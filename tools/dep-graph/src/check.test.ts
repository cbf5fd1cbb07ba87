import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { checkWorkspace } from './check.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string): string => join(root, 'tools/dep-graph/test/fixtures', name);

describe('dependency DAG (STYLE.md)', () => {
  it('holds for every workspace package', async () => {
    const violations = await checkWorkspace(root);
    expect(violations.map((v) => `${v.from} → ${v.to}: ${v.reason}`)).toEqual([]);
  }, 60_000);

  it('fails a package that imports upward', async () => {
    const v = await checkWorkspace(fixture('upward'));
    expect(v.map((x) => x.reason)).toContain('layer spec may not depend on layer core');
    expect(v.some((x) => x.reason.startsWith('cycle:'))).toBe(true);
    expect(v.find((x) => x.reason.startsWith('cycle:'))?.reason).toMatch(/^cycle: @cnn-analyzer\/(arch-spec|metrics) → @cnn-analyzer\/(metrics|arch-spec) → @cnn-analyzer\/\1$/);
  });

  it('fails an architecture plugin that reaches past its contract package', async () => {
    const v = await checkWorkspace(fixture('plugin-reach'));
    expect(v).toEqual([{ from: '@cnn-analyzer/arch-x', to: '@cnn-analyzer/builders', reason: 'layer arch-plugin may not depend on layer core' }]);
  });

  it('fails an import that package.json does not declare (a dynamic import counts, a comment does not)', async () => {
    const v = await checkWorkspace(fixture('undeclared'));
    expect(v.map((x) => x.reason)).toEqual(['is imported but not declared in package.json']);
    expect(v[0]).toMatchObject({ from: '@cnn-analyzer/metrics', to: '@cnn-analyzer/arch-spec' });
  });

  it('fails a scoped package that is not in the workspace, and a package without a layer tag', async () => {
    expect((await checkWorkspace(fixture('unknown'))).map((x) => `${x.to}: ${x.reason}`)).toEqual(['@cnn-analyzer/gone: is not a workspace package']);
    expect((await checkWorkspace(fixture('untagged'))).map((x) => x.reason)).toEqual([expect.stringMatching(/^has no known layer tag/)]);
  });
});
