import { stringify } from 'csv-stringify/sync';
import type { VariationRow } from '@cnn-analyzer/model-db';

/** The columns of `--format csv`, in order. */
export const CSV_COLUMNS = ['name', 'architecture', 'factors', 'params', 'macs', 'flops', 'modelSizeBytes', 'bytesPerParam', 'peakMemoryBytes', 'arenaBytes', 'latencyMs', 'int8Accuracy'] as const;

/** Rows as RFC 4180 CSV (csv-stringify quotes commas, quotes and line breaks); factors as a JSON column, null as empty. */
export function variationsCsv(rows: readonly VariationRow[]): string {
  return stringify(
    rows.map((r) => CSV_COLUMNS.map((c) => (c === 'factors' ? JSON.stringify(r.factors) : r[c]))),
    { header: true, columns: [...CSV_COLUMNS], cast: { number: (n) => String(n) }, record_delimiter: 'unix' },
  );
}
