import { availableParallelism } from 'node:os';
import { openModelStore } from '@cnn-analyzer/model-db';
import { activePlugins } from '../plugins/registry.js';
import { expandGrid } from './grid.js';
import { sweepItemOf } from './item-status.js';
import { runPool } from './pool.js';
import type { SweepProgress } from './progress.js';
import { sweepId, sweepSpec, sweepSummary, type SweepDefinition, type SweepRunOptions, type SweepSummary } from './run-sweep.js';

/**
 * {@link runSweep} into the async model store (`dbPath` a PostgreSQL URL or a SQLite file): the same grid, pool,
 * resume and summary; each result is recorded with its item in one transaction, in arrival order.
 */
export async function runSweepOnStore(d: SweepDefinition, o: SweepRunOptions): Promise<SweepSummary> {
  const grid = expandGrid(d.architecture, d.axes);
  const id = sweepId(d);
  const started = performance.now();
  const store = await openModelStore(o.dbPath);
  try {
    await store.ensureSweep({ id, architecture: d.architecture.name, spec: sweepSpec(d), total: grid.points.length });
    const done = new Set((await store.sweepItems(id)).map((i) => i.name));
    const todo = grid.points.filter((p) => !done.has(p.name));
    const counts = { pass: 0, reject: 0, error: 0 };
    const progress = (): SweepProgress => ({ total: grid.points.length, resumed: grid.points.length - todo.length, ...counts, elapsedMs: performance.now() - started });
    const factorsOf = new Map(grid.points.map((p) => [p.name, p.factors]));
    let writes: Promise<void> = Promise.resolve();
    let failure: unknown;
    o.onProgress?.(progress());
    await runPool(
      {
        architecture: d.architecture.name,
        ...(d.target ? { target: d.target } : {}),
        ...(activePlugins().cwd ? { pluginCwd: activePlugins().cwd } : {}),
        points: todo,
        stopped: () => failure !== undefined || (o.stopped?.() ?? false),
        onResult: (r) => {
          const { item, report } = sweepItemOf(r, factorsOf.get(r.name) ?? {}, d.constraints);
          writes = writes.then(async () => {
            if (failure !== undefined) return;
            await store.recordSweepItem(id, item, report).catch((e: unknown) => void (failure = e));
            if (failure !== undefined) return;
            counts[item.status]++;
            o.onProgress?.(progress());
          });
        },
      },
      o.workers ?? availableParallelism(),
    );
    await writes;
    if (failure !== undefined) throw failure;
    const summary = sweepSummary(d, id, grid, await store.sweepItems(id), progress());
    if (summary.complete) await store.finishSweep(id);
    return summary;
  } finally {
    await store.close();
  }
}
