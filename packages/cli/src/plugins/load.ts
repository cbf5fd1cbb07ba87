import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveSpecifier } from 'import-meta-resolve';
import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import type { Device } from '@cnn-analyzer/device';
import { UsageError } from '../usage-error.js';
import { BUILTIN_ARCHITECTURES, BUILTIN_DEVICES } from './builtin.js';
import { findPluginConfig } from './config.js';
import { BUILTIN_PLUGINS, type PluginRegistry } from './registry.js';

type Kind = 'architectures' | 'devices';

const isArchitecture = (v: unknown): v is AnyArchitecture =>
  typeof v === 'object' && v !== null && typeof (v as AnyArchitecture).name === 'string' && typeof (v as AnyArchitecture).create === 'function' && typeof (v as AnyArchitecture).resolve === 'function';
const isDevice = (v: unknown): v is Device =>
  typeof v === 'object' && v !== null && typeof (v as Device).name === 'string' && typeof (v as Device).latencyModel === 'function' && Array.isArray((v as Device).runtimes);

/** The module a path entry stands for: a file, or a package folder's `exports["."]` / `module` / `main`. */
function pathModule(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if (!statSync(path).isDirectory()) return path;
  const pkgFile = join(path, 'package.json');
  if (!existsSync(pkgFile)) return existsSync(join(path, 'index.js')) ? join(path, 'index.js') : undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown; module?: string; main?: string };
  const dot = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  const entry = typeof dot === 'string' ? dot : typeof dot === 'object' && dot !== null ? ((dot as Record<string, unknown>).import ?? (dot as Record<string, unknown>).default) : undefined;
  return join(path, typeof entry === 'string' ? entry : (pkg.module ?? pkg.main ?? 'index.js'));
}

/** Import one configured entry and return the plugins it exports by default (one, or an array). */
async function loadEntry(configPath: string, kind: Kind, index: number, entry: string): Promise<unknown[]> {
  const field = `${kind}[${index}]`;
  const fail = (rule: string): never => {
    throw new UsageError(`${configPath}: ${field}: ${JSON.stringify(entry)} ${rule}`, field, entry);
  };
  let url: string;
  if (entry.startsWith('.') || isAbsolute(entry)) {
    const path = resolve(dirname(configPath), entry);
    const module = pathModule(path) ?? fail(`is not a file or a plugin package folder (looked at ${path})`);
    if (!existsSync(module)) fail(`points to ${module}, which does not exist: build the plugin first (npm run build)`);
    url = pathToFileURL(module).href;
  } else {
    try {
      url = resolveSpecifier(entry, pathToFileURL(configPath).href);
    } catch {
      return fail(`cannot be found from ${dirname(configPath)}: install it (npm install ${entry}) or give a path`);
    }
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    return fail(`failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const exported = Array.isArray(mod.default) ? (mod.default as unknown[]) : [mod.default];
  const check = kind === 'architectures' ? isArchitecture : isDevice;
  if (exported.length === 0 || !exported.every(check)) {
    fail(`does not export ${kind === 'architectures' ? 'an architecture (defineArchitecture)' : 'a board (defineDevice)'} as its default export`);
  }
  return exported;
}

/** Add plugins by name; a name given twice is an error naming both sources. */
function merge<T extends { readonly name: string }>(configPath: string, kind: Kind, base: readonly T[], added: readonly (readonly [string, T])[]): T[] {
  const out = [...base];
  for (const [entry, plugin] of added) {
    if (out.some((p) => p.name === plugin.name)) {
      throw new UsageError(`${configPath}: ${kind}: ${JSON.stringify(entry)} defines ${JSON.stringify(plugin.name)}, which is already registered`, kind, entry);
    }
    out.push(plugin);
  }
  return out;
}

/**
 * The plugins for a run in `cwd`: the built-in ones plus what the nearest configuration lists
 * (`cnn-analyzer.config.{json,js,mjs}` or package.json's `cnn-analyzer` key, in `cwd` or a parent).
 * Throws a {@link UsageError} naming the file, the entry and the problem when a listed plugin cannot be used.
 */
export async function loadPlugins(cwd: string = process.cwd()): Promise<PluginRegistry> {
  const found = await findPluginConfig(cwd);
  if (!found) return { ...BUILTIN_PLUGINS, cwd };
  const { path, config } = found;
  const load = async (kind: Kind): Promise<(readonly [string, unknown])[]> => {
    const lists = await Promise.all(config[kind].map(async (entry, i) => (await loadEntry(path, kind, i, entry)).map((p) => [entry, p] as const)));
    return lists.flat();
  };
  const [architectures, devices] = await Promise.all([load('architectures'), load('devices')]);
  return {
    architectures: merge(path, 'architectures', config.builtins ? BUILTIN_ARCHITECTURES : [], architectures as [string, AnyArchitecture][]),
    devices: merge(path, 'devices', config.builtins ? BUILTIN_DEVICES : [], devices as [string, Device][]),
    configPath: path,
    cwd,
  };
}
