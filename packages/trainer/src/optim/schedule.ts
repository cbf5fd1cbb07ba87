/** Learning-rate schedules. */
export const SCHEDULES = ['constant', 'step', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * Learning rate of epoch `epoch` (0-based) of `epochs`: `constant`; `step` divides by 10 after each third
 * of the run; `cosine` falls from `lr` to 0 along half a cosine, epoch by epoch.
 */
export function learningRateAt(schedule: ScheduleName, lr: number, epoch: number, epochs: number): number {
  switch (schedule) {
    case 'constant':
      return lr;
    case 'step':
      return lr * 0.1 ** Math.floor(epoch / Math.max(1, Math.ceil(epochs / 3)));
    case 'cosine':
      return lr * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
  }
}
