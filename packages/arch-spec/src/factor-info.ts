import type { z } from 'zod';
import type { Architecture } from './architecture.js';

/** A factor as shown in help text and plugin READMEs. */
export interface FactorInfo {
  /** camelCase key (`loopLength`). */
  readonly key: string;
  /** kebab-case CLI flag without dashes (`loop-length`). */
  readonly flag: string;
  /** Code in compound names, if the factor has one. */
  readonly code?: string;
  readonly description: string;
  readonly default: unknown;
  /** Human-readable valid range or set (`1 ≤ x ≤ 5, integer`). */
  readonly range: string;
  readonly kind: 'number' | 'integer' | 'boolean' | 'enum';
  /** Allowed values, for enums and literal sets. */
  readonly values?: readonly (string | number)[];
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> }; description?: string };

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (['nullable', 'optional', 'default'].includes(String(s._zod.def.type))) s = s._zod.def.innerType as AnySchema;
  return s;
}

/** kebab-case of a camelCase key. */
export function toFlag(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Valid range or set of one factor schema, for messages and help. */
export function rangeOf(schema: AnySchema): Pick<FactorInfo, 'range' | 'kind' | 'values'> {
  const s = unwrap(schema);
  const type = String(s._zod.def.type);
  if (type === 'boolean') return { kind: 'boolean', range: 'true | false' };
  if (type === 'enum') {
    const values = Object.values(s._zod.def.entries as Record<string, string>);
    return { kind: 'enum', values, range: values.join(' | ') };
  }
  if (type === 'union') {
    const values = (s._zod.def.options as AnySchema[]).map((o) => (o._zod.def.values as unknown[])?.[0] as number);
    return { kind: 'enum', values, range: values.join(' | ') };
  }
  const num = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  const checks = (s._zod.def.checks as { _zod: { def: { check: string; inclusive?: boolean } } }[] | undefined) ?? [];
  const strictLow = checks.some((c) => c._zod.def.check === 'greater_than' && c._zod.def.inclusive === false);
  const strictHigh = checks.some((c) => c._zod.def.check === 'less_than' && c._zod.def.inclusive === false);
  const low = num.minValue != null && Number.isFinite(num.minValue) ? `${num.minValue} ${strictLow ? '<' : '≤'} ` : '';
  const high = num.maxValue != null && Number.isFinite(num.maxValue) ? ` ${strictHigh ? '<' : '≤'} ${num.maxValue}` : '';
  return { kind: num.isInt ? 'integer' : 'number', range: `${low}x${high}${num.isInt ? ', integer' : ''}` };
}

/** Describe every factor of an architecture, in schema order. */
export function describeFactors(arch: Architecture): FactorInfo[] {
  const shape = arch.factors.shape as Record<string, AnySchema>;
  const codes = arch.codes as Record<string, string | undefined>;
  return Object.entries(shape).map(([key, schema]) => ({
    key,
    flag: toFlag(key),
    ...(codes[key] ? { code: codes[key] } : {}),
    description: schema.description ?? unwrap(schema).description ?? '',
    default: (arch.defaults as Record<string, unknown>)[key],
    ...rangeOf(schema),
  }));
}
