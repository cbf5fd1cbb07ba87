import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';

/** One import cycle between modules of one package: the files in import order, the first repeated at the end. */
export interface ModuleCycle {
  readonly package: string;
  readonly files: readonly string[];
}

const WORKSPACE_DIRS = ['packages', 'plugins/arch', 'plugins/device', 'tools'];

/** Every workspace package's `src` folder under `root`, relative to it. */
export function sourceFolders(root: string): string[] {
  return WORKSPACE_DIRS.flatMap((base) => {
    const parent = join(root, base);
    if (!existsSync(parent)) return [];
    return readdirSync(parent)
      .map((entry) => join(base, entry, 'src'))
      .filter((src) => existsSync(join(root, src)));
  });
}

/**
 * Import cycles inside each folder (a package's `src`), type-only imports included (`import type` ties modules
 * as much as a value import does), tests excluded. dependency-cruiser parses and resolves the imports.
 */
export async function findModuleCycles(root: string, folders: readonly string[]): Promise<ModuleCycle[]> {
  const cwd = process.cwd();
  process.chdir(root); // dependency-cruiser resolves and reports paths relative to the working directory
  let result: ICruiseResult;
  try {
    const { output } = await cruise([...folders], {
      validate: true,
      tsPreCompilationDeps: true,
      exclude: { path: '(^|/)(node_modules|dist|generated)/|\\.test(-d)?\\.ts$' },
      doNotFollow: { path: 'node_modules' },
      ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
    });
    result = output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
  const seen = new Set<string>();
  const cycles: ModuleCycle[] = [];
  for (const v of result.summary.violations) {
    if (v.rule.name !== 'no-circular' || !v.cycle) continue;
    const ring = [v.from, ...v.cycle.map((c) => c.name)];
    const key = [...new Set(ring)].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const owner = folders.find((f) => v.from.startsWith(`${f}/`)) ?? v.from;
    cycles.push({ package: owner, files: ring.map((f) => relative(owner, f)) });
  }
  return cycles;
}
