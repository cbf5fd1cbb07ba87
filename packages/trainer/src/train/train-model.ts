import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, setLayerWeights, type LayerWeights } from '@cnn-analyzer/builders';
import { makeBatch } from '../data/augment.js';
import { DataError } from '../data/data-error.js';
import type { DecodedDataset, DecodedSplit } from '../data/decoded-cache.js';
import { createOptimizer, type Optimizer } from '../optim/optimizer.js';
import { learningRateAt } from '../optim/schedule.js';
import { permutation, streamFor, withSeededMathRandom } from '../random.js';
import { checkpointName, CheckpointError, ensureDir, latestCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { checkTrainConfig, type TrainConfig } from './config.js';
import { evaluateFloat, type FloatScore } from './evaluate-float.js';
import { useFastBatchNorm } from './fast-batchnorm.js';

/** One finished epoch. */
export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  readonly lr: number;
  /** Mean training loss (cross-entropy) and accuracy over the epoch's steps. */
  readonly loss: number;
  readonly accuracy: number;
  /** On the validation split (NaN when it is empty). */
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** Training images per second in this epoch (without validation). */
  readonly imagesPerSecond: number;
}

/** Progress of a run, for a bar or `--json` lines. */
export type TrainProgress =
  | { readonly kind: 'step'; readonly epoch: number; readonly epochs: number; readonly step: number; readonly steps: number; readonly loss: number; readonly accuracy: number; readonly imagesPerSecond: number }
  | { readonly kind: 'epoch'; readonly record: EpochRecord; readonly epochs: number; readonly checkpoint: string }
  | { readonly kind: 'resumed'; readonly epoch: number; readonly checkpoint: string };

/** Options of {@link trainModel}. */
export interface TrainRunOptions {
  /** Folder of the per-epoch checkpoints (`epoch-NNNN.ckpt`). */
  readonly checkpointDir: string;
  /** Continue from the latest checkpoint in `checkpointDir`. @default false */
  readonly resume?: boolean;
  /**
   * Start from these float weights (by IR node name, Keras layouts) instead of the seeded initialization, e.g. a
   * trained model imported from a file; `file` is kept in every checkpoint and must match on resume.
   */
  readonly init?: { readonly file: string; readonly weights: ReadonlyMap<string, LayerWeights> };
  readonly onProgress?: (p: TrainProgress) => void;
}

/** What a run ends with. */
export interface TrainResult {
  /** The trained model, with the weights of the best validation epoch (the last one without a validation split). */
  readonly model: tf.LayersModel;
  readonly history: readonly EpochRecord[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** Checkpoint of the weights the model holds. */
  readonly checkpoint: string;
}

/** What a checkpoint's JSON holds besides the tensors. */
interface CheckpointMeta {
  readonly graph: string;
  readonly config: TrainConfig;
  readonly epoch: number;
  readonly optimizerStep: number;
  readonly history: EpochRecord[];
  readonly bestEpoch: number;
  readonly bestValAccuracy: number;
  readonly weightCount: number;
  readonly backend: string;
  /** The model file whose weights the run started from (absent: the seeded initialization). */
  readonly init?: string;
}

/** What a checkpoint says of its run. */
export interface CheckpointInfo {
  /** Name of the graph whose weights it holds. */
  readonly graph: string;
  readonly config: TrainConfig;
  /** Epochs trained (1-based). */
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly backend: string;
  /** The model file the run started from (`train --init`); its graph is the one to load the weights into. */
  readonly init?: string;
}

/** Read a checkpoint's metadata: which graph and config it was trained with. */
export function checkpointInfo(file: string): CheckpointInfo {
  return readCheckpoint<CheckpointMeta>(file).meta;
}

/** Load a checkpoint's weights into a freshly built model of `graph`. */
export function loadCheckpointWeights(graph: LayerGraph, file: string): tf.LayersModel {
  const ck = readCheckpoint<CheckpointMeta>(file);
  if (ck.meta.graph !== graph.name) throw new CheckpointError(`checkpoint ${file}: holds weights of ${ck.meta.graph}, not ${graph.name}`, 'checkpoint', file);
  const model = buildTfjsModel(graph, { seed: ck.meta.config.seed });
  setWeights(model, ck.tensors.slice(0, ck.meta.weightCount), file);
  return model;
}

function setWeights(model: tf.LayersModel, tensors: Readonly<{ name: string; shape: readonly number[]; data: Float32Array }>[], file: string): void {
  if (tensors.length !== model.weights.length) throw new CheckpointError(`checkpoint ${file}: has ${tensors.length} weights, the model ${model.weights.length}`, 'checkpoint', file);
  model.weights.forEach((w, i) => {
    const t = tensors[i]!;
    if (t.shape.join() !== w.shape.join()) throw new CheckpointError(`checkpoint ${file}: weight ${t.name} has shape [${t.shape}], the model [${w.shape}]`, 'checkpoint', file);
    w.write(tf.tensor(t.data, [...t.shape]));
  });
}

/** Cross-entropy of the model's output (probabilities after a softmax, else logits) against one-hot labels. */
export function crossEntropy(graph: LayerGraph, output: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  const last = graph.nodes[graph.nodes.length - 1]!;
  if (last.op === 'softmax') return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(output, 1e-7, 1))), -1))) as tf.Scalar;
  return tf.losses.softmaxCrossEntropy(oneHot, output) as tf.Scalar;
}

/**
 * Train `graph` (built with `buildTfjsModel(graph, { seed })`) on the decoded dataset: shuffled batches,
 * augmentation, the configured optimizer and schedule, validation after each epoch, a checkpoint after
 * each epoch, early stopping on validation accuracy. Every random draw comes from (seed, epoch), so a run
 * resumed from the checkpoint of epoch k ends with the same weights as one never stopped.
 */
export async function trainModel(graph: LayerGraph, data: DecodedDataset, config: TrainConfig, options: TrainRunOptions): Promise<TrainResult> {
  checkTrainConfig(config);
  const classes = graph.tensors[graph.outputs[0]!]!.shape.at(-1)!;
  if (classes !== data.classes.length) throw new DataError(`data: ${data.classes.length} classes (${data.classes.join(', ')}) but ${graph.name} has ${classes} outputs`, 'data', data.classes.length);
  ensureDir(options.checkpointDir);
  const model = buildTfjsModel(graph, { seed: config.seed });
  if (options.init) setLayerWeights(model, graph, options.init.weights);
  useFastBatchNorm(model, config.bnMomentum);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createOptimizer(config.optimizer, vars);
  let history: EpochRecord[] = [];
  let best = { epoch: 0, valAccuracy: -1 };
  let start = 0;
  if (options.resume) {
    const file = latestCheckpoint(options.checkpointDir);
    if (file) {
      const ck = readCheckpoint<CheckpointMeta>(file);
      if (ck.meta.graph !== graph.name) throw new CheckpointError(`--resume: ${file} is a checkpoint of ${ck.meta.graph}, not ${graph.name}`, 'resume', file);
      if ((ck.meta.init ?? null) !== (options.init?.file ?? null)) throw new CheckpointError(`--resume: ${file} started from ${ck.meta.init ?? 'the seeded initialization'}, not ${options.init?.file ?? 'the seeded initialization'}`, 'resume', file);
      if (JSON.stringify(ck.meta.config) !== JSON.stringify(config)) throw new CheckpointError(`--resume: ${file} was trained with other settings (${JSON.stringify(ck.meta.config)})`, 'resume', file);
      setWeights(model, ck.tensors.slice(0, ck.meta.weightCount), file);
      optimizer.load(ck.meta.optimizerStep, ck.tensors.slice(ck.meta.weightCount).map((t) => tf.tensor(t.data, [...t.shape])));
      history = ck.meta.history;
      best = { epoch: ck.meta.bestEpoch, valAccuracy: ck.meta.bestValAccuracy };
      start = ck.meta.epoch;
      options.onProgress?.({ kind: 'resumed', epoch: start, checkpoint: file });
    }
  }
  const train = data.splits.train;
  const stopped = (): boolean => config.patience > 0 && history.length - best.epoch >= config.patience;
  for (let epoch = start; epoch < config.epochs && !stopped(); epoch++) {
    const lr = learningRateAt(config.schedule, config.lr, epoch, config.epochs);
    const record = runEpoch(graph, model, vars, optimizer, train, data, config, epoch, lr, options);
    const val = data.splits.val.count > 0 ? evaluateFloat(model, data.splits.val, data, config.batchSize, graph) : undefined;
    const full: EpochRecord = { ...record, valLoss: val?.loss ?? NaN, valAccuracy: val?.accuracy ?? NaN };
    history.push(full);
    const score = val ? val.accuracy : epoch; // without a validation split the last epoch is the best
    if (score > best.valAccuracy) best = { epoch: epoch + 1, valAccuracy: score };
    const file = join(options.checkpointDir, checkpointName(epoch + 1));
    saveCheckpoint(file, graph, model, optimizer, config, epoch + 1, history, best, options.init?.file);
    options.onProgress?.({ kind: 'epoch', record: full, epochs: config.epochs, checkpoint: file });
  }
  await tf.nextFrame();
  const bestFile = join(options.checkpointDir, checkpointName(best.epoch));
  if (best.epoch !== history.length && best.epoch > 0) setWeights(model, readCheckpoint<CheckpointMeta>(bestFile).tensors.slice(0, model.weights.length), bestFile);
  optimizer.dispose();
  return { model, history, bestEpoch: best.epoch, stoppedEarly: history.length < config.epochs, checkpoint: bestFile };
}

function saveCheckpoint(file: string, graph: LayerGraph, model: tf.LayersModel, optimizer: Optimizer, config: TrainConfig, epoch: number, history: EpochRecord[], best: { epoch: number; valAccuracy: number }, init: string | undefined): void {
  const { step, slots } = optimizer.state();
  const meta: CheckpointMeta = { graph: graph.name, config, epoch, optimizerStep: step, history, bestEpoch: best.epoch, bestValAccuracy: best.valAccuracy, weightCount: model.weights.length, backend: tf.getBackend(), ...(init !== undefined ? { init } : {}) };
  writeCheckpoint(file, meta, [...model.weights.map((w) => ({ name: w.name, tensor: w.read() })), ...slots.map((s, i) => ({ name: `optimizer/${i}`, tensor: s }))]);
}

function runEpoch(graph: LayerGraph, model: tf.LayersModel, vars: tf.Variable[], optimizer: Optimizer, train: DecodedSplit, data: DecodedDataset, config: TrainConfig, epoch: number, lr: number, options: TrainRunOptions): Omit<EpochRecord, 'valLoss' | 'valAccuracy'> {
  const order = permutation(train.count, streamFor(config.seed, epoch, 'shuffle'));
  const augment = streamFor(config.seed, epoch, 'augment');
  const dropout = streamFor(config.seed, epoch, 'dropout');
  const steps = Math.ceil(train.count / config.batchSize);
  const classes = data.classes.length;
  let [lossSum, correct, seen] = [0, 0, 0];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const idx = order.subarray(s * config.batchSize, Math.min(train.count, (s + 1) * config.batchSize));
    const pixels = makeBatch(train, idx, data.size, data.channels, config.augment, augment);
    const labels = Int32Array.from(idx, (i) => train.labels[i]!);
    const stats = withSeededMathRandom(dropout, () =>
      tf.tidy(() => {
        const x = tf.tensor4d(pixels, [idx.length, data.size, data.size, data.channels]);
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        let out: tf.Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          out = tf.keep(model.apply(x, { training: true }) as tf.Tensor);
          return crossEntropy(graph, out, y);
        }, vars);
        optimizer.step(vars, vars.map((v) => grads[v.name]!), lr);
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(out!, -1), tf.tensor1d(labels, 'int32')), 'float32'));
        out!.dispose();
        return tf.stack([value, hits]);
      }),
    );
    const [loss, hits] = stats.dataSync() as Float32Array as unknown as [number, number];
    stats.dispose();
    lossSum += loss * idx.length;
    correct += hits;
    seen += idx.length;
    const ips = seen / ((performance.now() - t0) / 1000);
    options.onProgress?.({ kind: 'step', epoch: epoch + 1, epochs: config.epochs, step: s + 1, steps, loss: lossSum / seen, accuracy: correct / seen, imagesPerSecond: ips });
  }
  return { epoch: epoch + 1, lr, loss: lossSum / seen, accuracy: correct / seen, imagesPerSecond: seen / ((performance.now() - t0) / 1000) };
}

export type { FloatScore };
