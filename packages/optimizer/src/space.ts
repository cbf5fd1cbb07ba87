import { describeFactors, type Architecture, type FactorInfo } from '@cnn-analyzer/arch-spec';

/** Factors that are never cut: α is what the search raises; the header factors are the task's. */
const NOT_CUT = new Set(['alpha', 'resolution', 'inputChannels', 'classes']);

/** The values α may take: a plugin's set, or its range on a 0.01 grid clipped to [0.05, 1.5]. */
export function alphaValues(arch: Architecture): number[] {
  const info = describeFactors(arch).find((f) => f.key === 'alpha')!;
  if (info.kind === 'enum') return [...(info.values as number[])].sort((a, b) => a - b);
  const { lo, hi } = bounds(info);
  const values: number[] = [];
  for (let k = Math.ceil(Math.max(lo, 0.05) * 100); k <= Math.floor(Math.min(hi, 1.5) * 100); k++) values.push(k / 100);
  return values;
}

/** A factor the search may cut: how it is read from the schema. */
export interface CutFactor {
  readonly key: string;
  readonly kind: FactorInfo['kind'];
  /** Smallest value allowed (numbers), or every value (enums). */
  readonly min: number;
  readonly values?: readonly number[];
  /** The default is null (the architecture's own, α-derived width). */
  readonly nullable: boolean;
}

/** Numeric bounds of a factor from its range text (`0 < x ≤ 4`, `1 ≤ x ≤ 8192, integer`). */
function bounds(info: FactorInfo): { lo: number; hi: number } {
  const m = /^(?:(-?[\d.]+) (<|≤) )?x(?: (<|≤) (-?[\d.]+))?/.exec(info.range);
  const step = info.kind === 'integer' ? 1 : 0.01;
  const lo = m?.[1] !== undefined ? Number(m[1]) + (m[2] === '<' ? step : 0) : step;
  const hi = m?.[4] !== undefined ? Number(m[4]) - (m[3] === '<' ? step : 0) : Number.MAX_SAFE_INTEGER;
  return { lo, hi };
}

/**
 * The factors the search may cut: every factor some layer's scaling claims (in the default graph or `fixed`'s),
 * except α, the header factors, booleans and the factors the user fixed.
 */
export function cutFactors(arch: Architecture, fixed: Readonly<Record<string, unknown>>): CutFactor[] {
  const graph = arch.create({ ...fixed }).graph;
  const claimed = new Set(Object.values(graph.scaling ?? {}).flat());
  return describeFactors(arch)
    .filter((f) => claimed.has(f.key) && !NOT_CUT.has(f.key) && !(f.key in fixed) && f.kind !== 'boolean')
    .filter((f) => f.kind !== 'enum' || (f.values ?? []).every((v) => typeof v === 'number'))
    .map((f) => ({
      key: f.key,
      kind: f.kind,
      min: f.kind === 'enum' ? Math.min(...(f.values as number[])) : Math.max(bounds(f).lo, f.kind === 'integer' ? 1 : 0.01),
      ...(f.kind === 'enum' ? { values: [...(f.values as number[])].sort((a, b) => a - b) } : {}),
      nullable: f.default === null,
    }));
}

/** Round to the factor's grid: integers, or two decimals. */
export function onGrid(f: CutFactor, v: number): number {
  return f.kind === 'integer' ? Math.round(v) : Math.round(v * 100) / 100;
}
