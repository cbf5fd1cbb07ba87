import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { parseName, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel } from '@cnn-analyzer/builders';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import { DEFAULT_TRAIN_CONFIG, selectBackend, trainModel, type BackendChoice, type DecodedDataset } from '@cnn-analyzer/trainer';
import type { BenchResult } from './measure.js';

/** The reference network and the study's larger variation. */
const NETWORKS = ['mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3'];
const BATCH = 32;
/** The stock CPU backend needs ~1 s per image: a batch of 8, one timed step after one warm-up step. */
const CPU_BATCH = 8;

const graphOf = (name: string): LayerGraph => {
  const p = parseName(name, BUILTIN_ARCHITECTURES);
  return p.architecture.create(p.factors as Record<string, unknown>).graph;
};

/** Stock tfjs: the builders' model, tfjs's own gradients (BatchNorm included), plain SGD, on the CPU backend. */
async function stockCpu(graph: LayerGraph): Promise<number> {
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
  step();
  const ips = CPU_BATCH / ((performance.now() - t) / 1000);
  model.dispose();
  tf.dispose([x, y]);
  opt.dispose();
  return ips;
}

/** The trainer on a backend: 4 steps of 32 random images per epoch, the second epoch's images/s. */
async function trainer(graph: LayerGraph, backend: BackendChoice): Promise<number> {
  await selectBackend(backend);
  const [size, , channels] = graph.tensors[graph.inputs[0]!]!.shape as [number, number, number];
  const count = BATCH * 4;
  const empty = { count: 0, pixels: new Uint8Array(0), labels: new Int32Array(0), files: [] };
  const data: DecodedDataset = {
    classes: ['a', 'b'], size, channels, cacheFile: '', fromCache: true,
    splits: { train: { count, pixels: Uint8Array.from({ length: count * size * size * channels }, (_, i) => Math.imul(i, 2654435761) >>> 24), labels: Int32Array.from({ length: count }, (_, i) => i % 2), files: [] }, val: empty, test: empty },
  };
  const dir = mkdtempSync(join(tmpdir(), 'train-bench-'));
  try {
    const res = await trainModel(graph, data, { ...DEFAULT_TRAIN_CONFIG, epochs: 2, batchSize: BATCH, optimizer: { name: 'sgd', momentum: 0.9 } }, { checkpointDir: dir });
    res.model.dispose();
    return res.history[1]!.imagesPerSecond;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PyTorch on one CPU thread, the network built from the same IR; undefined when `python3-torch` is absent. */
function pytorch(graph: LayerGraph): { ips: number; version: string } | { missing: string } {
  const check = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (check.status !== 0) return { missing: 'PyTorch column skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)' };
  const dir = mkdtempSync(join(tmpdir(), 'torch-bench-'));
  const file = join(dir, 'graph.json');
  writeFileSync(file, JSON.stringify(graph));
  const script = fileURLToPath(new URL('./torch-train-bench.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, file, String(BATCH), '10', '1'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) return { missing: `PyTorch column skipped: ${run.stderr.trim().split('\n').at(-1)}` };
  const out = JSON.parse(run.stdout) as { imagesPerSecond: number; torch: string };
  return { ips: out.imagesPerSecond, version: out.torch };
}

/** Training images/s of the two networks on every backend here, as ratios to stock tfjs CPU and to PyTorch CPU. */
export async function trainBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const backends: BackendChoice[] = [];
  for (const b of ['tensorflow', 'onednn', 'wasm'] as const) if (await selectBackend(b).then(() => true, () => false)) backends.push(b);
  for (const name of NETWORKS) {
    const graph = graphOf(name);
    const torch = pytorch(graph);
    const stock = await stockCpu(graph);
    const vsTorch = (ips: number): string => ('ips' in torch ? `, ${(ips / torch.ips).toFixed(2)}× PyTorch` : '');
    rows.push({ bench: 'train', figure: `${name}: stock tfjs cpu (batch ${CPU_BATCH})`, value: stock, unit: 'images/s', note: `1×${vsTorch(stock)}` });
    for (const b of backends) {
      const ips = await trainer(graph, b);
      rows.push({ bench: 'train', figure: `${name}: trainer on ${b} (batch ${BATCH})`, value: ips, unit: 'images/s', note: `${(ips / stock).toFixed(0)}× stock cpu${vsTorch(ips)}` });
    }
    if ('ips' in torch) rows.push({ bench: 'train', figure: `${name}: PyTorch ${torch.version} cpu, 1 thread (batch ${BATCH})`, value: torch.ips, unit: 'images/s', note: `${(torch.ips / stock).toFixed(0)}× stock cpu` });
    else rows.push({ bench: 'train', figure: `${name}: PyTorch`, value: NaN, unit: '', note: torch.missing });
  }
  return rows;
}
