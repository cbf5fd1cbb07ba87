import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { expandGrid, parseAxes, runSweep } from '@cnn-analyzer/cli';
import { handWrittenPool, tinypoolPool, workerBuilt } from './pool-compare.js';
import type { BenchResult } from './measure.js';

/** 8 widths × 5 loop lengths × 10 class counts = 400 distinct MobileNet v1 variations at 96×96. */
const GRID = ['--alpha', '0.1..0.45:0.05', '--loop-length', '1..5', '--classes', '2..11'];

/** Sweep throughput on a 400-variation grid: one worker thread vs one per core, and a resumed (finished) sweep. */
export async function sweepBench(): Promise<BenchResult[]> {
  const arch: AnyArchitecture = mobilenetV1;
  const definition = { architecture: arch, axes: parseAxes(arch, GRID), constraints: { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024 } };
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  const rows: BenchResult[] = [];
  try {
    const timed = async (workers: number, db: string): Promise<{ perSecond: number; total: number; ms: number }> => {
      const t = performance.now();
      const s = await runSweep(definition, { dbPath: db, workers });
      const ms = performance.now() - t;
      return { perSecond: (s.progress.pass + s.progress.reject + s.progress.error) / (ms / 1000), total: s.total, ms };
    };
    const cores = availableParallelism();
    const one = await timed(1, join(dir, 'one.db'));
    const all = await timed(cores, join(dir, 'all.db'));
    const resumedStart = performance.now();
    await runSweep(definition, { dbPath: join(dir, 'all.db'), workers: cores });
    const resumedMs = performance.now() - resumedStart;
    rows.push(
      { bench: 'sweep', figure: `${one.total} variations, 1 worker thread`, value: one.perSecond, unit: 'variations/s', note: `${(one.ms / 1000).toFixed(1)} s` },
      { bench: 'sweep', figure: `${all.total} variations, ${cores} worker threads`, value: all.perSecond, unit: 'variations/s', note: `${(all.perSecond / one.perSecond).toFixed(2)}× one thread, ${(all.ms / 1000).toFixed(1)} s` },
      { bench: 'sweep', figure: `${all.total} variations, resumed when finished`, value: resumedMs, unit: 'ms', note: 'nothing re-analyzed' },
    );
    if (workerBuilt()) {
      // the pool alone (no database), same worker module and points: tinypool against the hand-written pool it replaced
      // ABBA order, so neither pool gains from running first or last on a busy machine
      const points = expandGrid(arch, definition.axes).points.slice(0, 60);
      for (const threads of [1, cores]) {
        const a1 = await handWrittenPool(arch.name, points, threads);
        const b1 = await tinypoolPool(arch.name, points, threads);
        const b2 = await tinypoolPool(arch.name, points, threads);
        const a2 = await handWrittenPool(arch.name, points, threads);
        const old = (a1 + a2) / 2;
        const now = (b1 + b2) / 2;
        rows.push({ bench: 'sweep', figure: `${points.length} variations, tinypool, ${threads} thread${threads > 1 ? 's' : ''}`, value: now, unit: 'variations/s', note: `${(now / old).toFixed(2)}× the hand-written pool (${old.toFixed(2)}/s)` });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
