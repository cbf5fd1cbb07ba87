import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import ts from 'typescript';
import { readWorkspace, workspaceAliases, type DependencyViolation, type WorkspacePackage } from './check.js';
import { BROWSER_LAYERS, BROWSER_PACKAGES, NODE_GLOBALS } from './rules.js';

/** A browser package's entry file (relative to the root): `src/browser.ts` when it exports `./browser`, else `src/index.ts`. */
export function browserEntry(pkg: WorkspacePackage): string {
  return join(pkg.dir, 'src', pkg.subpaths.includes('browser') ? 'browser.ts' : 'index.ts');
}

/** The packages that must run in a browser: those of {@link BROWSER_LAYERS} and those named in {@link BROWSER_PACKAGES}. */
export function browserPackages(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  return packages.filter((p) => BROWSER_LAYERS.includes(p.layer ?? '') || BROWSER_PACKAGES.includes(p.name));
}

/** Every module a package's entry runs (value imports only: a type-only import is erased) and the Node built-ins they import. */
async function reachable(root: string, entries: readonly string[], alias: Record<string, string>): Promise<{ modules: Map<string, string[]>; core: Map<string, string[]> }> {
  const cwd = process.cwd();
  process.chdir(root); // dependency-cruiser resolves and reports paths relative to the working directory
  let result: ICruiseResult;
  try {
    const { output } = await cruise([...entries], { tsPreCompilationDeps: true, exclude: { path: '(^|/)(dist|generated)/|\\.test(-d)?\\.ts$' }, doNotFollow: { path: 'node_modules' } }, { alias, bustTheCache: true });
    result = output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
  const byPath = new Map(result.modules.map((m) => [m.source, m]));
  const modules = new Map<string, string[]>(); // module -> entries reaching it
  const core = new Map<string, string[]>(); // module -> built-ins it imports
  for (const entry of entries) {
    const todo = [entry];
    const seen = new Set<string>();
    while (todo.length) {
      const path = todo.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      modules.set(path, [...(modules.get(path) ?? []), entry]);
      for (const d of byPath.get(path)?.dependencies ?? []) {
        if (d.dependencyTypes.includes('type-only')) continue;
        if (d.coreModule) core.set(path, [...new Set([...(core.get(path) ?? []), d.module])]);
        else if (byPath.has(d.resolved) && !d.resolved.includes('node_modules/')) todo.push(d.resolved);
      }
    }
  }
  return { modules, core };
}

/** The `@types` folder holding Node's declarations (this tool's, whatever workspace it checks). */
const TYPE_ROOT = dirname(dirname(createRequire(import.meta.url).resolve('@types/node/package.json')));

/** Uses of Node-only globals ({@link NODE_GLOBALS}) in value positions, as the type checker resolves them (to `@types/node`). */
function nodeGlobalUses(root: string, files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram(files.map((f) => join(root, f)), { noEmit: true, types: ['node'], typeRoots: [TYPE_ROOT], target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(join(root, file));
    if (!source) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
      if (ts.isIdentifier(node) && NODE_GLOBALS.includes(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const decls = checker.getSymbolAtLocation(node)?.declarations ?? [];
        if (decls.length > 0 && decls.every((d) => d.getSourceFile().fileName.includes('/@types/node/'))) found.set(file, [...new Set([...(found.get(file) ?? []), node.text])]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * Check that the browser packages ({@link browserPackages}) use no Node built-ins: no module their entry runs imports
 * `node:*` (or a bare built-in like `fs`) and none uses a Node-only global (`Buffer`, `process`, …). One violation per
 * package, built-in and module, sorted. npm packages are not looked into (the web app's browser bundle would fail on them).
 */
export async function checkBrowserPackages(root: string, packages: readonly WorkspacePackage[] = readWorkspace(root)): Promise<DependencyViolation[]> {
  const browser = browserPackages(packages).filter((p) => existsSync(join(root, browserEntry(p))));
  if (browser.length === 0) return [];
  const entries = browser.map(browserEntry);
  const { modules, core } = await reachable(root, entries, workspaceAliases(root, packages));
  const owner = (path: string): WorkspacePackage | undefined => packages.find((p) => path.startsWith(`${p.dir}/`));
  const out: DependencyViolation[] = [];
  const report = (path: string, what: string, kind: string): void => {
    for (const entry of modules.get(path) ?? []) {
      const pkg = browser[entries.indexOf(entry)]!;
      const where = owner(path);
      const file = where ? `${where.name}/${relative(where.dir, path)}` : path;
      out.push({ from: pkg.name, to: what, reason: `runs in the browser but ${file} uses the Node ${kind} ${what}` });
    }
  };
  for (const [path, mods] of core) for (const m of mods) report(path, m, 'built-in');
  for (const [path, names] of nodeGlobalUses(root, [...modules.keys()])) for (const n of names) report(path, n, 'global');
  const unique = new Map(out.map((v) => [`${v.from}|${v.to}|${v.reason}`, v]));
  return [...unique.values()].sort((a, b) => `${a.from}${a.to}${a.reason}`.localeCompare(`${b.from}${b.to}${b.reason}`));
}
