/**
 * The child process of a queued training job (`dist/train-runner.js`): reads the job's data as JSON on stdin,
 * trains with `runTrainJob` (always resuming from the run folder's last checkpoint), and writes JSON lines on
 * stdout: `{"event":"epoch"|"resumed",…}` as it goes, `{"event":"result","result":…}` at the end. It exits when the
 * worker that started it is gone (checked at every step), so a killed worker leaves no training behind.
 */
import { runTrainJob } from '@cnn-analyzer/trainer';
import { loadPlugins } from '../plugins/load.js';
import { usePlugins } from '../plugins/registry.js';
import { resolveModel } from '../model-spec.js';
import { quietTfjs } from '../quiet-tfjs.js';
import type { TrainJobData } from './train-jobs.js';

const parent = process.ppid;
const write = (msg: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(msg) + '\n');
const fail = (e: unknown): never => {
  write({
    event: 'error',
    message: e instanceof Error ? e.message : String(e),
  });
  process.exit(1);
};
process.on('uncaughtException', fail);

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const data = JSON.parse(Buffer.concat(chunks).toString()) as TrainJobData;
  quietTfjs();
  if (data.pluginCwd) usePlugins(await loadPlugins(data.pluginCwd));
  const model = resolveModel(data.name, data.factorArgs);
  const result = await runTrainJob({
    name: model.name,
    graph: model.graph,
    dataDir: data.dataDir,
    outDir: data.outDir,
    config: data.config,
    backend: data.backend,
    valSplit: data.valSplit,
    resume: true,
    exportInt8: data.exportInt8,
    ...(data.cacheDir ? { cacheDir: data.cacheDir } : {}),
    onProgress: (p) => {
      if (process.ppid !== parent) process.exit(3); // the worker died: leave the job to the one that takes it back
      if (p.kind === 'epoch')
        write({
          event: 'epoch',
          epoch: p.record.epoch,
          epochs: p.epochs,
          loss: p.record.loss,
          accuracy: p.record.accuracy,
          valAccuracy: Number.isFinite(p.record.valAccuracy) ? p.record.valAccuracy : null,
          checkpoint: p.checkpoint,
        });
      else if (p.kind === 'resumed') write({ event: 'resumed', epoch: p.epoch, checkpoint: p.checkpoint });
    },
    onLog: (line) => void process.stderr.write(`${line}\n`),
  });
  write({ event: 'result', result });
}

await main().catch(fail);
