import { ENUMS, TABLES } from './generated/schema.js';

/** One table field as the generated schema describes it. */
export interface FieldSpec {
  readonly slot: number;
  readonly type: string;
  readonly default?: string;
}

export type TableName = keyof typeof TABLES;

/** Fields of a schema table. */
export function tableFields(table: string): Readonly<Record<string, FieldSpec>> {
  return ((TABLES as Record<string, { fields: unknown }>)[table]?.fields ?? {}) as Record<string, FieldSpec>;
}

/** vtable slot of a field. */
export function slot(table: TableName, field: string): number {
  return tableFields(table)[field]!.slot;
}

/** Number of vtable slots of a table. */
export function tableWidth(table: string): number {
  return Math.max(0, ...Object.values(tableFields(table)).map((f) => f.slot + 1));
}

/** Storage type of enum-typed fields (the schema's `enum X : byte`). */
const ENUM_BASE: Readonly<Record<string, string>> = { TensorType: 'byte', BuiltinOperator: 'int', Padding: 'byte', ActivationFunctionType: 'byte' };

/** Scalar storage type of a schema type (enums as their base type); undefined for tables, strings, unions. */
export function storageType(type: string, scalarSizes: Readonly<Record<string, number>>): string | undefined {
  if (scalarSizes[type] !== undefined) return type;
  if (type in ENUMS) return ENUM_BASE[type] ?? 'byte';
  return undefined;
}

/** A field's schema default as a number: numeric literal, boolean, or enum member name. */
export function defaultValue(f: FieldSpec): number {
  if (f.default === undefined || f.default === 'false') return 0;
  if (f.default === 'true') return 1;
  const n = Number(f.default);
  if (!Number.isNaN(n)) return n;
  const members = ENUMS[f.type as keyof typeof ENUMS] as Record<string, number> | undefined;
  return members?.[f.default] ?? 0;
}
