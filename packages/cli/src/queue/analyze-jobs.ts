import Tinypool from 'tinypool';
import { jobId, type JobProcessor, type NewJob } from '@cnn-analyzer/job-queue';
import type { ModelStore } from '@cnn-analyzer/model-db';
import type { Constraints } from '../constraints.js';
import { analyzePoint, type AnalysisTarget, type PointResult } from '../sweep/analyze-point.js';
import type { GridPoint } from '../sweep/grid.js';
import { sweepItemOf } from '../sweep/item-status.js';
import { workerScript } from '../sweep/pool.js';
import type { PointTask } from '../sweep/worker.js';

/** A sweep's variation to analyze and record: everything a worker on another machine needs. */
export interface AnalyzeJobData {
  readonly sweep: { readonly id: string; readonly architecture: string; readonly spec: Record<string, unknown>; readonly total: number };
  readonly point: GridPoint;
  readonly constraints: Constraints;
  readonly target?: AnalysisTarget;
}

/** One job per grid point, its id a hash of the sweep (grid, constraints, target) and the variation. */
export function analyzeJobs(sweep: AnalyzeJobData['sweep'], points: readonly GridPoint[], constraints: Constraints, target?: AnalysisTarget): NewJob<AnalyzeJobData>[] {
  return points.map((point) => ({
    id: jobId('analyze', { sweep: sweep.id, name: point.name }),
    name: point.name,
    data: { sweep, point, constraints, ...(target ? { target } : {}) },
  }));
}

/** What an analyze job returns. */
export interface AnalyzeJobResult {
  readonly name: string;
  readonly status: string;
}

/**
 * The worker's processor of analyze jobs: the analysis runs on a tinypool thread (`threads` of them, 0 in this
 * thread), the result is recorded in `store` with its sweep item in one transaction (an upsert: a job run twice
 * records once). `close` ends the threads.
 */
export function analyzeProcessor(store: ModelStore, threads: number, pluginCwd?: string): { process: JobProcessor<AnalyzeJobData, AnalyzeJobResult>; close: () => Promise<void> } {
  const pool = threads > 0 ? new Tinypool({ filename: workerScript().href, minThreads: 1, maxThreads: threads, idleTimeout: 60_000 }) : undefined;
  const known = new Set<string>();
  return {
    async process(data) {
      const task: PointTask = { architecture: data.sweep.architecture, point: data.point, ...(data.target ? { target: data.target } : {}), ...(pluginCwd ? { pluginCwd } : {}) };
      const result = (pool ? await pool.run(task) : analyzePoint(task.architecture, task.point, task.target)) as PointResult;
      if (!known.has(data.sweep.id)) {
        await store.ensureSweep(data.sweep);
        known.add(data.sweep.id);
      }
      const { item, report } = sweepItemOf(result, data.point.factors, data.constraints);
      await store.recordSweepItem(data.sweep.id, item, report);
      return { name: item.name, status: item.status };
    },
    close: async () => void (await pool?.destroy()),
  };
}
