import type { ConstraintMetric, Violation } from './evaluate.js';

/** What a trail step did, in the study's five steps. */
export type TrailAction =
  /** Step 1: the default factors, checked against every constraint. */
  | 'defaults'
  /** Step 2: a constraint fails and no layer holding it has a factor other than α: α must go down. */
  | 'lower-alpha'
  /** Steps 3–4: the layer holding most of the failing metric, and the factor of that layer cut. */
  | 'cut'
  /** Step 5: an α that meets every constraint (with its cuts); the bisection goes up from here. */
  | 'raise-alpha'
  /** Step 5: a cut factor raised back as far as the constraints allow at the best α. */
  | 'grow'
  /** After the five steps: a seeded variation near the best, spending what remains of the budget. */
  | 'explore';

/** The layer that held the most of the failing metric. */
export interface HeldBy {
  readonly layer: string;
  readonly metric: ConstraintMetric;
  /** The layer's amount of the metric (params for flash, MACs, RAM bytes, ms). */
  readonly value: number;
  /** Share of the model's total (RAM: of the peak), 0–1. */
  readonly share: number;
  /** Factors that set the layer's width. */
  readonly scaling: readonly string[];
}

/** One step of the search: the story the paper tells in prose, as data. */
export interface TrailStep {
  /** The study's step number (1–5; 0 for exploration). */
  readonly step: 0 | 1 | 2 | 3 | 4 | 5;
  readonly action: TrailAction;
  /** The variation evaluated. */
  readonly name: string;
  readonly alpha: number;
  readonly params: number;
  readonly modelSizeBytes: number;
  readonly arenaBytes: number;
  readonly macs: number;
  readonly latencyMs?: number;
  /** Constraints it broke. */
  readonly failed: readonly Violation[];
  readonly heldBy?: HeldBy;
  /** The factor cut or grown, from → to (null: the architecture's own default). */
  readonly factor?: { readonly key: string; readonly from: unknown; readonly to: unknown };
  /** One line of prose. */
  readonly note: string;
}
