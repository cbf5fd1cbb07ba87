import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checkWorkspace, readWorkspace, type WorkspacePackage } from './check.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('dependency DAG (STYLE.md)', () => {
  it('holds for every workspace package', () => {
    const violations = checkWorkspace(readWorkspace(root));
    expect(violations.map((v) => `${v.from} → ${v.to}: ${v.reason}`)).toEqual([]);
  });

  const pkg = (name: string, layer: string, deps: string[] = [], imported: string[] = deps): WorkspacePackage => ({
    name,
    dir: name,
    layer,
    declared: deps,
    imported,
  });

  it('fails a package that imports upward', () => {
    const v = checkWorkspace([pkg('@cnn-analyzer/arch-spec', 'spec', ['@cnn-analyzer/metrics']), pkg('@cnn-analyzer/metrics', 'core', ['@cnn-analyzer/arch-spec'])]);
    expect(v.map((x) => x.reason)).toContain('layer spec may not depend on layer core');
    expect(v.some((x) => x.reason.startsWith('cycle:'))).toBe(true);
  });

  it('fails an architecture plugin that reaches past its contract package', () => {
    const v = checkWorkspace([pkg('@cnn-analyzer/arch-x', 'arch-plugin', ['@cnn-analyzer/builders']), pkg('@cnn-analyzer/builders', 'core')]);
    expect(v).toEqual([{ from: '@cnn-analyzer/arch-x', to: '@cnn-analyzer/builders', reason: 'layer arch-plugin may not depend on layer core' }]);
  });

  it('fails an import that package.json does not declare', () => {
    const v = checkWorkspace([pkg('@cnn-analyzer/metrics', 'core', [], ['@cnn-analyzer/arch-spec']), pkg('@cnn-analyzer/arch-spec', 'spec')]);
    expect(v.map((x) => x.reason)).toEqual(['is imported but not declared in package.json']);
  });
});
