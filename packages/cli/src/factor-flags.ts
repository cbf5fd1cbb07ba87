import { UsageError } from './usage-error.js';

/** camelCase of a kebab-case flag name (`loop-length` → `loopLength`). */
export function flagToKey(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseValue(raw: string): unknown {
  if (/^-?\d+(?:\.\d+)?(?:e-?\d+)?$/i.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null' || raw === 'default') return null;
  return raw;
}

/**
 * Turn `--loop-length 3 --alpha=0.3 --keras` into `{ loopLength: 3, alpha: 0.3, keras: true }`.
 * A flag followed by another flag (or nothing) is boolean true. Positional words are errors.
 */
export function parseFactorFlags(args: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: factors are given as --<factor> <value>`, 'argv', arg);
    }
    const body = arg.slice(2);
    const eq = body.indexOf('=');
    const flag = eq >= 0 ? body.slice(0, eq) : body;
    let raw: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (raw === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        raw = next;
        i++;
      }
    }
    const key = flagToKey(flag);
    if (key in out) throw new UsageError(`--${flag} is given twice`, `factors.${key}`, raw);
    out[key] = raw === undefined ? true : parseValue(raw);
  }
  return out;
}
