import { join, resolve } from 'node:path';
import { mostAccurate, shortlist, type Candidate, type Evaluation, type SearchResult, type ShortlistTraining, type TrainedCandidate } from '@cnn-analyzer/optimizer';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';
import { enqueueTraining, type QueuedTraining } from './enqueue-train.js';
import type { TrainJobData } from './train-jobs.js';
import type { TrainTopSetup } from '../commands/optimize-train.js';

/** The validation split of a shortlist's training: the trainer's default, as the in-process `--train-top` uses. */
const VAL_SPLIT = 0.1;

/** How `optimize --train-top --queue` runs: the queue, whether to follow the jobs, where artifacts go. */
export interface QueuedShortlistOptions {
  readonly queue: string;
  readonly detach: boolean;
  readonly artifacts?: string;
  readonly io: Io;
  readonly progress: boolean;
  readonly stopped?: () => boolean;
}

/** What the queued shortlist gave: the trainings when followed to the end, and every job's id and state. */
export interface QueuedShortlist {
  readonly jobs: readonly { readonly name: string; readonly job: string; readonly state: QueuedTraining['state']; readonly error?: string }[];
  /** The shortlist trained, as the in-process `--train-top` reports it; absent when detached or not all jobs finished. */
  readonly training?: ShortlistTraining;
}

/** The training job of one shortlisted candidate: the search's one setup, its run folder under the runs folder. */
export function shortlistJob(c: Candidate, setup: TrainTopSetup, runs: string, artifacts: string | undefined): TrainJobData {
  return {
    name: c.name, factorArgs: [], dataDir: resolve(setup.data), outDir: resolve(runs, c.name), config: setup.config, backend: setup.backend, valSplit: VAL_SPLIT, exportInt8: true,
    ...(setup.cache ? { cacheDir: resolve(setup.cache) } : {}), ...(artifacts ? { artifactsDir: resolve(artifacts, c.name) } : {}),
  };
}

/**
 * Enqueue the training of a search's k best candidates (the same shortlist as in-process) for the workers, all at
 * once so that N workers train N of them side by side; unless detached, follow them and pick the most accurate. A
 * job enqueued again (the same command run twice) is the same job: its recorded result comes back, not a new run.
 */
export async function trainTopQueued(id: string, result: SearchResult, evaluated: Iterable<Evaluation>, setup: TrainTopSetup, o: QueuedShortlistOptions): Promise<QueuedShortlist> {
  const picked = shortlist(result, setup.k, [...evaluated].map(({ layers: _layers, ...c }) => c));
  const runs = setup.runs || join('runs', `search-${id}`);
  const done = await Promise.all(
    picked.map((c, i) =>
      enqueueTraining(shortlistJob(c, setup, runs, o.artifacts), {
        queue: o.queue, detach: o.detach, ...(o.stopped ? { stopped: o.stopped } : {}),
        onProgress: (p) => {
          if (o.progress && p.event === 'epoch') o.io.err(`train-top ${i + 1}/${picked.length} ${c.name}: epoch ${String(p.epoch)}/${String(p.epochs)}, accuracy ${(Number(p.accuracy) * 100).toFixed(1)}%\n`);
        },
      }).then((r) => {
        if (o.progress) o.io.err(`train-top ${i + 1}/${picked.length} ${c.name}: job ${r.job} ${r.state}${r.error ? `: ${r.error}` : ''}\n`);
        return r;
      }),
    ),
  );
  const jobs = done.map((r, i) => ({ name: picked[i]!.name, job: r.job, state: r.state, ...(r.error ? { error: r.error } : {}) }));
  const failed = jobs.find((j) => j.state === 'failed');
  if (failed) throw new UsageError(`optimize --train-top: job ${failed.job} (${failed.name}) failed: ${failed.error}`, 'queue', failed.job);
  if (done.some((r) => r.state !== 'done')) return { jobs };
  const trained: TrainedCandidate[] = done.map((r, i) => {
    const s = r.result!;
    return { candidate: picked[i]!, floatAccuracy: s.floatAccuracy, ...(s.int8Accuracy !== undefined ? { int8Accuracy: s.int8Accuracy } : {}), epochs: s.epochs, checkpoint: s.checkpoint, ...(s.tflite ? { tflite: s.tflite } : {}), runId: s.runId };
  });
  const best = mostAccurate(trained);
  return { jobs, training: { shortlist: picked.map((c) => c.name), runs: trained, ...(best ? { best } : {}) } };
}
