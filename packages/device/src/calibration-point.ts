import type { Features } from './op-features.js';

/** A published latency measurement (of a model, a group of operators or one operator) with the features it covers. */
export interface CalibrationPoint {
  /** What was measured, e.g. `MLPerf Tiny v1.1 KWS DS-CNN`. */
  readonly label: string;
  /** Measured latency, ms. */
  readonly ms: number;
  /** Citation. */
  readonly source: string;
  /** Units of each latency feature the measurement covers (from analyzing the same model or operator). */
  readonly features: Features;
  /** Used to fit the coefficients (true) or held out to test them (false). */
  readonly fit: boolean;
  /** Model family, for per-family errors (e.g. `mobilenet-v1`). */
  readonly family?: string;
}
