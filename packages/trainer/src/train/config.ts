import { DataError } from '../data/data-error.js';
import { NO_AUGMENTATION, type Augmentation } from '../data/augment.js';
import type { OptimizerConfig } from '../optim/optimizer.js';
import type { ScheduleName } from '../optim/schedule.js';

/** Hyper-parameters of a training run; all of them are kept in every checkpoint. */
export interface TrainConfig {
  /** Epochs to train. */
  readonly epochs: number;
  /** Images per step. @default 32 */
  readonly batchSize: number;
  /** Peak learning rate. */
  readonly lr: number;
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleName;
  readonly augment: Augmentation;
  /** Seed of the initial weights, the shuffles, the augmentation and dropout. */
  readonly seed: number;
  /** Stop after this many epochs without a better validation accuracy (0: never). @default 0 */
  readonly patience: number;
  /**
   * Momentum of BatchNorm's moving mean and variance. Keras' 0.99 needs thousands of steps to settle;
   * 0.9 suits the short runs of small datasets. @default 0.9
   */
  readonly bnMomentum: number;
}

/** Defaults of {@link TrainConfig}. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = Object.freeze({
  epochs: 20,
  batchSize: 32,
  lr: 0.001,
  optimizer: { name: 'adam' as const, weightDecay: 0 },
  schedule: 'cosine',
  augment: NO_AUGMENTATION,
  seed: 1,
  patience: 0,
  bnMomentum: 0.9,
});

/** Check a config's numbers; throws a one-line error naming the field. */
export function checkTrainConfig(c: TrainConfig): TrainConfig {
  const int = (field: string, v: number, min: number): void => {
    if (!(Number.isInteger(v) && v >= min)) throw new DataError(`${field}: ${v} must be a whole number ≥ ${min}`, field, v);
  };
  int('epochs', c.epochs, 1);
  int('batch-size', c.batchSize, 1);
  int('seed', c.seed, 0);
  int('patience', c.patience, 0);
  if (!(c.bnMomentum >= 0 && c.bnMomentum < 1)) throw new DataError(`bn-momentum: ${c.bnMomentum} must be from 0 to below 1`, 'bn-momentum', c.bnMomentum);
  if (!(c.lr > 0 && c.lr < 10)) throw new DataError(`lr: ${c.lr} must be above 0 and below 10`, 'lr', c.lr);
  const wd = c.optimizer.weightDecay ?? 0;
  if (!(wd >= 0 && wd < 1)) throw new DataError(`weight-decay: ${wd} must be from 0 to below 1`, 'weight-decay', wd);
  return c;
}
