import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LAYER_RULES } from './rules.js';

/** A workspace package as the checker sees it. */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly layer: string | undefined;
  /** Workspace packages named in dependencies/peerDependencies. */
  readonly declared: readonly string[];
  /** Workspace packages imported from src/**.ts (tests excluded). */
  readonly imported: readonly string[];
}

/** One broken rule. */
export interface DependencyViolation {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

const WORKSPACE_DIRS = ['packages', 'plugins/arch', 'plugins/device', 'tools'];
const IMPORT_RE = /(?:from\s+|import\s*\(\s*|import\s+)['"](@cnn-analyzer\/[a-z0-9-]+)['"]/g;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'generated' || entry === 'node_modules' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry) && !/\.test(-d)?\.ts$/.test(entry) ? [path] : [];
  });
}

/** Read every workspace package under `root`. */
export function readWorkspace(root: string): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const base of WORKSPACE_DIRS) {
    const parent = join(root, base);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent)) {
      const pkgFile = join(parent, entry, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
        name: string;
        nx?: { tags?: string[] };
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const declared = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((d) => d.startsWith('@cnn-analyzer/'));
      const imported = new Set<string>();
      for (const file of sourceFiles(join(parent, entry, 'src'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) imported.add(m[1]!);
      }
      imported.delete(pkg.name);
      const layer = pkg.nx?.tags?.find((t) => t.startsWith('layer:'))?.slice('layer:'.length);
      out.push({ name: pkg.name, dir: relative(root, join(parent, entry)), layer, declared, imported: [...imported] });
    }
  }
  return out;
}

/** Every edge that goes upward or sideways in the layer DAG, every undeclared import, every cycle. */
export function checkWorkspace(packages: readonly WorkspacePackage[]): DependencyViolation[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const violations: DependencyViolation[] = [];
  for (const pkg of packages) {
    const rule = pkg.layer ? LAYER_RULES[pkg.layer] : undefined;
    if (!rule) {
      violations.push({ from: pkg.name, to: '-', reason: `has no known layer tag (nx.tags layer:<${Object.keys(LAYER_RULES).join('|')}>)` });
      continue;
    }
    for (const dep of new Set([...pkg.declared, ...pkg.imported])) {
      const target = byName.get(dep);
      if (!target) {
        violations.push({ from: pkg.name, to: dep, reason: 'is not a workspace package' });
        continue;
      }
      const allowed = rule.layers.includes(target.layer ?? '') || (rule.packages ?? []).includes(dep);
      if (!allowed) violations.push({ from: pkg.name, to: dep, reason: `layer ${pkg.layer} may not depend on layer ${target.layer}` });
      if (pkg.imported.includes(dep) && !pkg.declared.includes(dep)) {
        violations.push({ from: pkg.name, to: dep, reason: 'is imported but not declared in package.json' });
      }
    }
  }
  violations.push(...findCycles(packages));
  return violations;
}

function findCycles(packages: readonly WorkspacePackage[]): DependencyViolation[] {
  const edges = new Map(packages.map((p) => [p.name, [...new Set([...p.declared, ...p.imported])]]));
  const state = new Map<string, 'visiting' | 'done'>();
  const found: DependencyViolation[] = [];
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      found.push({ from: name, to: name, reason: `cycle: ${[...path.slice(path.indexOf(name)), name].join(' → ')}` });
      return;
    }
    state.set(name, 'visiting');
    for (const next of edges.get(name) ?? []) if (edges.has(next)) visit(next, [...path, name]);
    state.set(name, 'done');
  };
  for (const p of packages) visit(p.name, []);
  return found;
}
