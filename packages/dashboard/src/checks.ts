import { checkBudgets, DEFAULT_BUDGETS, type Budgets, type FitCheck } from '@cnn-analyzer/device';
import type { VariationRow } from '@cnn-analyzer/model-db';

/** A variation row with its budget checks, as the dashboard's API serves it: the browser only renders them. */
export type CheckedRow = VariationRow & { readonly checks: readonly FitCheck[] };

/**
 * The device package's budget check on a recorded row (model size, peak memory, MACs). A metric that was not recorded
 * fails its check: it cannot be shown to fit.
 */
export function withChecks(row: VariationRow, budgets: Budgets = DEFAULT_BUDGETS): CheckedRow {
  const unknown = Number.POSITIVE_INFINITY;
  const checks = checkBudgets({ modelBytes: row.modelSizeBytes ?? unknown, peakBytes: row.peakMemoryBytes ?? unknown, macs: row.macs }, budgets);
  return { ...row, checks };
}
