import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import { beginSweep, finishSweep, openModelDb, recordSweepItem, sweepItems, type SweepItem } from '@cnn-analyzer/model-db';
import type { AnalysisTarget } from './analyze-point.js';
import type { Constraints } from '../constraints.js';
import { sweepItemOf } from './item-status.js';
import { expandGrid, type Axis } from './grid.js';
import { activePlugins } from '../plugins/registry.js';
import { runPool } from './pool.js';
import type { SweepProgress } from './progress.js';

/** What defines a sweep; the same definition is the same sweep, which a second run resumes. */
export interface SweepDefinition {
  readonly architecture: Architecture;
  readonly axes: readonly Axis[];
  readonly constraints: Constraints;
  readonly target?: AnalysisTarget;
}

export interface SweepRunOptions {
  readonly dbPath: string;
  /** Worker threads; 0 analyzes in the calling thread. @default os.availableParallelism() */
  readonly workers?: number;
  readonly onProgress?: (p: SweepProgress) => void;
  /** Polled between variations: true stops the sweep early (what is finished stays recorded). */
  readonly stopped?: () => boolean;
}

/** What a sweep run did. */
export interface SweepSummary {
  readonly id: string;
  readonly architecture: string;
  /** Distinct valid variations in the grid. */
  readonly total: number;
  /** Combinations the plugin refused (rules, ranges), with the first reason. */
  readonly invalid: number;
  readonly firstInvalid?: string;
  readonly progress: SweepProgress;
  /** Items of this sweep recorded in the database (by every run of it), counted there after this run. */
  readonly recorded: number;
  /** Every item of the sweep, finished ones included: names within the constraints. */
  readonly passing: readonly string[];
  readonly complete: boolean;
}

/** The sweep's id: a hash of its architecture, axes, constraints and target. */
export function sweepId(d: SweepDefinition): string {
  const spec = sweepSpec(d);
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
}

export function sweepSpec(d: SweepDefinition): Record<string, unknown> {
  return {
    architecture: d.architecture.name,
    axes: d.axes.map((a) => ({ factor: a.key, values: a.values })),
    constraints: d.constraints,
    ...(d.target ? { target: d.target } : {}),
  };
}

/** What a sweep ends with, from its grid and the items recorded (complete when every grid point is). */
export function sweepSummary(d: SweepDefinition, id: string, grid: ReturnType<typeof expandGrid>, items: readonly SweepItem[], progress: SweepProgress): SweepSummary {
  return {
    id,
    architecture: d.architecture.name,
    total: grid.points.length,
    invalid: grid.invalid.length,
    ...(grid.invalid[0] ? { firstInvalid: grid.invalid[0].reason } : {}),
    progress,
    recorded: items.length,
    passing: items.filter((r) => r.status === 'pass').map((r) => r.name),
    complete: items.length === grid.points.length,
  };
}

/**
 * Run (or resume) a sweep: analyze every grid point not yet finished on worker threads, recording each
 * variation and its item status in one transaction as it arrives. Killed at any moment, the database holds
 * exactly the finished items; the same sweep started again analyzes only the rest.
 */
export async function runSweep(d: SweepDefinition, o: SweepRunOptions): Promise<SweepSummary> {
  const grid = expandGrid(d.architecture, d.axes);
  const id = sweepId(d);
  const started = performance.now();
  const db = openModelDb(o.dbPath);
  try {
    const { done } = beginSweep(db, { id, architecture: d.architecture.name, spec: sweepSpec(d), total: grid.points.length });
    const todo = grid.points.filter((p) => !done.has(p.name));
    const counts = { pass: 0, reject: 0, error: 0 };
    const progress = (): SweepProgress => ({ total: grid.points.length, resumed: grid.points.length - todo.length, ...counts, elapsedMs: performance.now() - started });
    const factorsOf = new Map(grid.points.map((p) => [p.name, p.factors]));
    o.onProgress?.(progress());
    await runPool(
      {
        architecture: d.architecture.name,
        ...(d.target ? { target: d.target } : {}),
        ...(activePlugins().cwd ? { pluginCwd: activePlugins().cwd } : {}),
        points: todo,
        stopped: o.stopped ?? (() => false),
        onResult: (r) => {
          const { item, report } = sweepItemOf(r, factorsOf.get(r.name) ?? {}, d.constraints);
          recordSweepItem(db, id, item, report);
          counts[item.status]++;
          o.onProgress?.(progress());
        },
      },
      o.workers ?? availableParallelism(),
    );
    const items = sweepItems(db, id);
    const summary = sweepSummary(d, id, grid, items, progress());
    if (summary.complete) finishSweep(db, id);
    return summary;
  } finally {
    db.close();
  }
}
