import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lilconfig, type Loader } from 'lilconfig';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';

/** The configuration file names searched, in order, in the working directory and each parent. */
export const CONFIG_FILES = ['package.json', 'cnn-analyzer.config.json', 'cnn-analyzer.config.js', 'cnn-analyzer.config.mjs'] as const;

const packageList = z.array(z.string().min(1, 'must be a package name or a path'));

/**
 * What a `cnn-analyzer.config.{json,js,mjs}` (or the `cnn-analyzer` key of package.json) holds. Entries are
 * package names (resolved from the configuration's folder) or paths to a plugin package folder or module
 * (`./plugins/arch/demo-net`); each must export its plugin as the default export (or an array of them).
 */
export const pluginConfigSchema = z
  .object({
    /** Architecture plugin packages, added to the built-in ones. @default [] */
    architectures: packageList.default([]),
    /** Board plugin packages, added to the built-in ones. @default [] */
    devices: packageList.default([]),
    /** Keep the built-in plugins. @default true */
    builtins: z.boolean().default(true),
  })
  .strict();

export type PluginConfig = z.output<typeof pluginConfigSchema>;

/** A configuration found on disk. */
export interface FoundConfig {
  readonly path: string;
  readonly config: PluginConfig;
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/** A loader whose failure names the file. */
const naming =
  (load: (path: string) => unknown): Loader =>
  async (path) => {
    try {
      return await load(path);
    } catch (e) {
      throw new UsageError(`${path}: cannot be read: ${firstLine(e)}`, 'config', path);
    }
  };
const importModule = naming(async (path) => {
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  return mod.default ?? mod;
});
const readJson = naming((path) => JSON.parse(readFileSync(path, 'utf8')) as unknown);

/**
 * The nearest plugin configuration from `cwd` upward (lilconfig's search: a folder's package.json with a
 * `cnn-analyzer` key, then the config files), validated; `undefined` when there is none.
 */
export async function findPluginConfig(cwd: string): Promise<FoundConfig | undefined> {
  let found;
  try {
    found = await lilconfig('cnn-analyzer', {
      searchPlaces: [...CONFIG_FILES],
      loaders: { '.js': importModule, '.mjs': importModule, '.json': readJson },
    }).search(cwd);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`plugin configuration (searched from ${cwd}): ${firstLine(e)}`, 'config', cwd);
  }
  if (!found || found.isEmpty) return undefined;
  const parsed = pluginConfigSchema.safeParse(found.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], found.config);
    throw new UsageError(`${found.filepath}: ${field}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`, field, value);
  }
  return { path: found.filepath, config: parsed.data };
}
