import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cruise, type ICruiseResult, type IRegularForbiddenRuleType } from 'dependency-cruiser';
import { LAYER_RULES } from './rules.js';

/** A workspace package as the checker sees it (from its package.json). */
export interface WorkspacePackage {
  readonly name: string;
  /** Folder relative to the workspace root (`packages/metrics`). */
  readonly dir: string;
  readonly layer: string | undefined;
  /** Workspace packages named in dependencies/peerDependencies. */
  readonly declared: readonly string[];
}

/** One broken rule. */
export interface DependencyViolation {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

const WORKSPACE_DIRS = ['packages', 'plugins/arch', 'plugins/device', 'tools'];
const SCOPE = '@cnn-analyzer/';

/** Read every workspace package under `root`. */
export function readWorkspace(root: string): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const base of WORKSPACE_DIRS) {
    const parent = join(root, base);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent)) {
      const pkgFile = join(parent, entry, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; nx?: { tags?: string[] }; dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
      const declared = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((d) => d.startsWith(SCOPE));
      const layer = pkg.nx?.tags?.find((t) => t.startsWith('layer:'))?.slice('layer:'.length);
      out.push({ name: pkg.name, dir: relative(root, join(parent, entry)), layer, declared });
    }
  }
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const under = (dirs: readonly string[]): string => `^(${dirs.map(escape).join('|')})/`;

/** May a package of `layer` depend on `target`? (LAYER_RULES; a package may always use itself.) */
function allowed(layer: string, target: WorkspacePackage): boolean {
  const rule = LAYER_RULES[layer]!;
  return rule.layers.includes(target.layer ?? '') || (rule.packages ?? []).includes(target.name);
}

/**
 * The layer DAG (STYLE.md) as dependency-cruiser rules over the packages' `src` imports: one rule per package and
 * layer it may not reach, one for imports its package.json does not declare, one against imports of scoped
 * packages that are not in the workspace, and one against cycles. Each rule's name indexes `reasons`.
 */
function rules(packages: readonly WorkspacePackage[]): { forbidden: IRegularForbiddenRuleType[]; reasons: DependencyViolation[] } {
  const forbidden: IRegularForbiddenRuleType[] = [];
  const reasons: DependencyViolation[] = [];
  const add = (reason: DependencyViolation, rule: Omit<IRegularForbiddenRuleType, 'name' | 'severity'>): void => {
    forbidden.push({ name: `rule-${reasons.length}`, severity: 'error', ...rule });
    reasons.push(reason);
  };
  for (const pkg of packages) {
    if (!pkg.layer || !LAYER_RULES[pkg.layer]) continue;
    const others = packages.filter((p) => p.name !== pkg.name);
    const byLayer = new Map<string, string[]>();
    for (const t of others) if (!allowed(pkg.layer, t)) byLayer.set(t.layer ?? '-', [...(byLayer.get(t.layer ?? '-') ?? []), t.dir]);
    for (const [layer, dirs] of byLayer) {
      add({ from: pkg.name, to: '', reason: `layer ${pkg.layer} may not depend on layer ${layer}` }, { from: { path: under([pkg.dir]) }, to: { path: under(dirs) } });
    }
    const undeclared = others.filter((t) => !pkg.declared.includes(t.name)).map((t) => t.dir);
    if (undeclared.length) add({ from: pkg.name, to: '', reason: 'is imported but not declared in package.json' }, { from: { path: under([pkg.dir]) }, to: { path: under(undeclared) } });
  }
  add({ from: '', to: '', reason: 'is not a workspace package' }, { from: {}, to: { couldNotResolve: true, path: `^${escape(SCOPE)}` } });
  add({ from: '', to: '', reason: 'cycle' }, { from: {}, to: { circular: true } });
  return { forbidden, reasons };
}

/** What package.json alone breaks: a missing layer tag, a declared dependency the layer rules forbid or that does not exist. */
function manifestViolations(packages: readonly WorkspacePackage[]): DependencyViolation[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const out: DependencyViolation[] = [];
  for (const pkg of packages) {
    if (!pkg.layer || !LAYER_RULES[pkg.layer]) {
      out.push({ from: pkg.name, to: '-', reason: `has no known layer tag (nx.tags layer:<${Object.keys(LAYER_RULES).join('|')}>)` });
      continue;
    }
    for (const dep of pkg.declared) {
      const target = byName.get(dep);
      if (!target) out.push({ from: pkg.name, to: dep, reason: 'is not a workspace package' });
      else if (!allowed(pkg.layer, target)) out.push({ from: pkg.name, to: dep, reason: `layer ${pkg.layer} may not depend on layer ${target.layer}` });
    }
  }
  return out;
}

/**
 * Check the workspace under `root` against the layer DAG: dependency-cruiser parses every package's `src`
 * (tests excluded, type-only imports included), resolves `@cnn-analyzer/*` to the packages' sources and applies
 * the rules; package.json's declared dependencies are checked against the same rules. One violation per
 * package pair and reason, sorted.
 */
export async function checkWorkspace(root: string, packages: readonly WorkspacePackage[] = readWorkspace(root)): Promise<DependencyViolation[]> {
  const { forbidden, reasons } = rules(packages);
  const sources = packages.map((p) => join(p.dir, 'src')).filter((d) => existsSync(join(root, d)));
  const alias = Object.fromEntries(packages.filter((p) => existsSync(join(root, p.dir, 'src/index.ts'))).map((p) => [`${p.name}$`, join(root, p.dir, 'src/index.ts')]));
  // subpath entries (`@cnn-analyzer/exporter/size` → src/size.ts)
  for (const p of packages) {
    const { exports = {} } = JSON.parse(readFileSync(join(root, p.dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
    for (const sub of Object.keys(exports).filter((k) => k.startsWith('./'))) {
      const entry = join(root, p.dir, 'src', `${sub.slice(2)}.ts`);
      if (existsSync(entry)) alias[`${p.name}/${sub.slice(2)}$`] = entry;
    }
  }
  const cwd = process.cwd();
  process.chdir(root); // dependency-cruiser reports paths relative to the working directory
  let result: ICruiseResult;
  try {
    const { output } = await cruise(
      sources,
      { validate: true, tsPreCompilationDeps: true, exclude: { path: '(^|/)(node_modules|dist|generated)/|\\.test(-d)?\\.ts$' }, doNotFollow: { path: 'node_modules' }, ruleSet: { forbidden } },
      { alias, bustTheCache: true },
    );
    result = output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
  const owner = (path: string): string => packages.find((p) => path.startsWith(`${p.dir}/`))?.name ?? path;
  const found = new Map<string, DependencyViolation>();
  const keep = (v: DependencyViolation): void => void found.set(`${v.from}|${v.to}|${v.reason}`, v);
  for (const v of result.summary.violations) {
    const reason = reasons[Number(v.rule.name.slice('rule-'.length))];
    if (!reason) continue;
    if (reason.reason === 'cycle') {
      const ring = [v.from, ...(v.cycle ?? []).map((c) => c.name)].map(owner).filter((p, i, all) => i === 0 || p !== all[i - 1]);
      if (ring.length > 1) keep({ from: ring[0]!, to: ring[0]!, reason: `cycle: ${ring.join(' → ')}` });
      continue;
    }
    keep({ from: owner(v.from), to: owner(v.to), reason: reason.reason });
  }
  for (const v of manifestViolations(packages)) keep(v);
  return [...found.values()].sort((a, b) => `${a.from}${a.to}${a.reason}`.localeCompare(`${b.from}${b.to}${b.reason}`));
}
