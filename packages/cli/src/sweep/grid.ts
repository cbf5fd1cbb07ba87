import { describeFactors, encodeName, CnnAnalyzerError, type Architecture } from '@cnn-analyzer/arch-spec';
import { UsageError } from '../usage-error.js';

/** One factor swept over a list of values. */
export interface Axis {
  readonly key: string;
  readonly flag: string;
  readonly values: readonly unknown[];
}

/** A point of the grid: its factors resolved by the plugin and its canonical name. */
export interface GridPoint {
  readonly name: string;
  readonly factors: Readonly<Record<string, unknown>>;
}

/** The grid of a sweep: valid points (deduplicated by name) and the combinations the plugin refused. */
export interface Grid {
  readonly axes: readonly Axis[];
  readonly points: readonly GridPoint[];
  readonly invalid: readonly { readonly factors: Readonly<Record<string, unknown>>; readonly reason: string }[];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const MAX_POINTS = 1_000_000;

function decimals(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** One term of a value list: `0.25`, `true`, `relu`, `1..5` (integers) or `0.1..0.5:0.1` (with a step). */
function expandTerm(flag: string, term: string): unknown[] {
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(term);
  if (range) {
    const [, a, b, stepText] = range as unknown as [string, string, string, string | undefined];
    const step = Number(stepText ?? '1');
    const from = Number(a);
    const to = Number(b);
    if (step <= 0) throw new UsageError(`--${flag}: step of ${JSON.stringify(term)} must be positive`, flag, term);
    if (to < from) throw new UsageError(`--${flag}: range ${JSON.stringify(term)} runs backwards`, flag, term);
    const places = Math.max(decimals(a), decimals(b), decimals(stepText ?? '1'));
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_POINTS) throw new UsageError(`--${flag}: range ${JSON.stringify(term)} has ${count} values`, flag, term);
    return Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(places)));
  }
  if (term === '') throw new UsageError(`--${flag}: empty value in the list`, flag, term);
  if (NUMBER.test(term)) return [Number(term)];
  if (term === 'true' || term === 'false') return [term === 'true'];
  if (term === 'default') return [null];
  return [term];
}

/**
 * Parse a sweep's factor flags (`--alpha 0.1,0.25 --loop-length 1..5 --alpha-first 0.1..0.5:0.1`) into axes.
 * Every flag must be a factor of the architecture; each value list is comma-separated terms.
 */
export function parseAxes(arch: Architecture, args: readonly string[]): Axis[] {
  const known = new Map(describeFactors(arch).map((f) => [f.flag, f.key]));
  const axes: Axis[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: factors are given as --<factor> <values>`, 'argv', arg);
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let raw = eq >= 0 ? arg.slice(eq + 1) : args[i + 1];
    if (eq < 0) {
      if (raw === undefined || raw.startsWith('--')) throw new UsageError(`--${flag}: needs a list of values, e.g. 0.1,0.25 or 1..5`, flag, raw);
      i++;
    }
    raw = raw!;
    const key = known.get(flag);
    if (!key) throw new UsageError(`--${flag}: not a factor of ${arch.name} (factors: ${[...known.keys()].join(', ')})`, flag, raw);
    if (axes.some((a) => a.key === key)) throw new UsageError(`--${flag} is given twice`, flag, raw);
    const values = raw.split(',').map((t) => t.trim()).flatMap((t) => expandTerm(flag, t));
    const schema = (arch.factors.shape as unknown as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }>)[key]!;
    for (const v of values) {
      const checked = schema.safeParse(v);
      if (!checked.success) throw new UsageError(`--${flag}: ${JSON.stringify(v)} is not allowed: ${checked.error?.issues[0]?.message ?? 'invalid'}`, flag, v);
    }
    axes.push({ key, flag, values: [...new Map(values.map((v) => [JSON.stringify(v), v])).values()] });
  }
  return axes;
}

/** Every combination of the axes, resolved and named by the plugin; duplicates (same canonical name) kept once. */
export function expandGrid(arch: Architecture, axes: readonly Axis[]): Grid {
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_POINTS) throw new UsageError(`the grid has ${size.toLocaleString('en-US')} combinations (at most ${MAX_POINTS.toLocaleString('en-US')})`, 'grid', size);
  const points = new Map<string, GridPoint>();
  const invalid: Grid['invalid'][number][] = [];
  for (let index = 0; index < size; index++) {
    const input: Record<string, unknown> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      input[axis.key] = axis.values[rest % axis.values.length];
      rest = Math.floor(rest / axis.values.length);
    }
    const ordered = Object.fromEntries(axes.map((a) => [a.key, input[a.key]]));
    try {
      const factors = arch.resolve(ordered);
      const name = encodeName(arch, factors);
      if (!points.has(name)) points.set(name, { name, factors });
    } catch (e) {
      if (!(e instanceof CnnAnalyzerError)) throw e;
      invalid.push({ factors: ordered, reason: e.message });
    }
  }
  return { axes, points: [...points.values()], invalid };
}
