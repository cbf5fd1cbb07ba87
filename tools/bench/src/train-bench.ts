import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { parseName, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel } from '@cnn-analyzer/builders';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import { DEFAULT_TRAIN_CONFIG, selectBackend, trainModel, type BackendChoice, type DecodedDataset, type TrainProgress } from '@cnn-analyzer/trainer';
import type { BenchResult } from './measure.js';

/** The reference network and the study's larger variation. */
const NETWORKS = ['mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3'];
const BATCH = 32;
/** The stock CPU backend needs ~1 s per image: a batch of 8, one timed step after one warm-up step. */
const CPU_BATCH = 8;
/** One thread for every backend, as the PyTorch column runs (the wasm backend has one in Node anyway). */
const THREADS = 1;

/** Images/s by the wall clock and by the process's CPU time (the fair figure on a shared, loaded machine). */
interface Speed {
  readonly wall: number;
  readonly cpu: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

const graphOf = (name: string): LayerGraph => {
  const p = parseName(name, BUILTIN_ARCHITECTURES);
  return p.architecture.create(p.factors as Record<string, unknown>).graph;
};

/** Stock tfjs: the builders' model, tfjs's own gradients (BatchNorm included), plain SGD, on the CPU backend. */
async function stockCpu(graph: LayerGraph): Promise<Speed> {
  await tf.setBackend('cpu');
  const model = buildTfjsModel(graph, { seed: 1 });
  const [h, w, c] = graph.tensors[graph.inputs[0]!]!.shape as number[];
  const x = tf.randomUniform([CPU_BATCH, h!, w!, c!], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: CPU_BATCH }, (_, i) => i % 2), 'int32'), 2);
  const opt = tf.train.momentum(0.01, 0.9);
  const step = (): void => {
    tf.tidy(() => {
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    });
  };
  step();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  step();
  const speed = { wall: CPU_BATCH / ((performance.now() - t) / 1000), cpu: CPU_BATCH / cpuSeconds(cpu0) };
  model.dispose();
  tf.dispose([x, y]);
  opt.dispose();
  return speed;
}

/** The trainer on a backend: 4 steps of 32 random images per epoch, the second epoch's images/s. */
async function trainer(graph: LayerGraph, backend: BackendChoice): Promise<Speed> {
  await selectBackend(backend, { threads: THREADS });
  const [size, , channels] = graph.tensors[graph.inputs[0]!]!.shape as [number, number, number];
  const count = BATCH * 4;
  const empty = { count: 0, pixels: new Uint8Array(0), labels: new Int32Array(0), files: [] };
  const data: DecodedDataset = {
    classes: ['a', 'b'], size, channels, cacheFile: '', fromCache: true,
    splits: { train: { count, pixels: Uint8Array.from({ length: count * size * size * channels }, (_, i) => Math.imul(i, 2654435761) >>> 24), labels: Int32Array.from({ length: count }, (_, i) => i % 2), files: [] }, val: empty, test: empty },
  };
  const dir = mkdtempSync(join(tmpdir(), 'train-bench-'));
  try {
    let epoch2: NodeJS.CpuUsage | undefined;
    let cpu = NaN;
    const onProgress = (p: TrainProgress): void => {
      if (p.kind !== 'epoch') return;
      if (p.record.epoch === 1) epoch2 = process.cpuUsage();
      else if (epoch2) cpu = count / cpuSeconds(epoch2);
    };
    const res = await trainModel(graph, data, { ...DEFAULT_TRAIN_CONFIG, epochs: 2, batchSize: BATCH, optimizer: { name: 'sgd', momentum: 0.9 } }, { checkpointDir: dir, onProgress });
    res.model.dispose();
    return { wall: res.history[1]!.imagesPerSecond, cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PyTorch on one CPU thread, the network built from the same IR; undefined when `python3-torch` is absent. */
function pytorch(graph: LayerGraph): { speed: Speed; version: string } | { missing: string } {
  const check = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (check.status !== 0) return { missing: 'PyTorch column skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)' };
  const dir = mkdtempSync(join(tmpdir(), 'torch-bench-'));
  const file = join(dir, 'graph.json');
  writeFileSync(file, JSON.stringify(graph));
  const script = fileURLToPath(new URL('../src/torch-train-bench.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, file, String(BATCH), '10', String(THREADS)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(THREADS) } });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) return { missing: `PyTorch column skipped: ${run.stderr.trim().split('\n').at(-1)}` };
  const out = JSON.parse(run.stdout) as { imagesPerSecond: number; cpuImagesPerSecond: number; torch: string };
  return { speed: { wall: out.imagesPerSecond, cpu: out.cpuImagesPerSecond }, version: out.torch };
}

const ratio = (x: number, of: number): string => `${x / of >= 10 ? (x / of).toFixed(0) : (x / of).toFixed(2)}×`;

/**
 * Training images/s of the two networks on every backend here, as ratios to stock tfjs CPU and to PyTorch CPU, by
 * the wall clock (the value) and by CPU time (in the note: on a machine shared with other work the wall clock
 * mostly measures the others).
 */
export async function trainBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const backends: BackendChoice[] = [];
  for (const b of ['tensorflow', 'onednn', 'wasm'] as const) if (await selectBackend(b, { threads: THREADS }).then(() => true, () => false)) backends.push(b);
  rows.push({ bench: 'train', figure: `load average at start (${THREADS} thread per backend)`, value: loadavg()[0]!, unit: '', note: 'above ~1 per core the wall-clock figures are slowed by other work; the CPU-time ones much less' });
  for (const name of NETWORKS) {
    const graph = graphOf(name);
    const torch = pytorch(graph);
    const stock = await stockCpu(graph);
    const vs = (s: Speed): string => {
      const t = 'speed' in torch ? torch.speed : undefined;
      return `${ratio(s.wall, stock.wall)} stock cpu${t ? `, ${ratio(s.wall, t.wall)} PyTorch` : ''}; by CPU time ${s.cpu.toFixed(1)} images/s, ${ratio(s.cpu, stock.cpu)} stock${t ? `, ${ratio(s.cpu, t.cpu)} PyTorch` : ''}`;
    };
    rows.push({ bench: 'train', figure: `${name}: stock tfjs cpu (batch ${CPU_BATCH})`, value: stock.wall, unit: 'images/s', note: vs(stock) });
    for (const b of backends) {
      const speed = await trainer(graph, b);
      rows.push({ bench: 'train', figure: `${name}: trainer on ${b} (batch ${BATCH})`, value: speed.wall, unit: 'images/s', note: vs(speed) });
    }
    if ('speed' in torch) rows.push({ bench: 'train', figure: `${name}: PyTorch ${torch.version} cpu (batch ${BATCH})`, value: torch.speed.wall, unit: 'images/s', note: vs(torch.speed) });
    else rows.push({ bench: 'train', figure: `${name}: PyTorch`, value: NaN, unit: '', note: torch.missing });
  }
  return rows;
}
