import { analyze, analyzeFigures, type AnalysisInput, type AnalysisReport } from '@cnn-analyzer/analysis';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import { checkBudgets, type Device } from '@cnn-analyzer/device';

/** Limits a variation must meet. RAM is the TFLM arena the deployment reserves. */
export interface SearchConstraints {
  /** Model size (the int8 .tflite), bytes. */
  readonly maxFlashBytes?: number;
  /** TFLM tensor arena, bytes. */
  readonly maxRamBytes?: number;
  readonly maxMacs?: number;
  /** Estimated latency on the board, ms (needs a device). */
  readonly maxLatencyMs?: number;
}

/** The metric a constraint limits. */
export type ConstraintMetric = 'flash' | 'ram' | 'macs' | 'latency';

/** One broken constraint: the metric, what the variation uses and the limit. */
export interface Violation {
  readonly metric: ConstraintMetric;
  readonly used: number;
  readonly limit: number;
}

/** The per-layer figures attribution needs (every layer with params, MACs, RAM or latency). */
export interface LayerFigures {
  readonly name: string;
  readonly params: number;
  readonly macs: number;
  /** Working memory while it runs, bytes (0 for fused layers). */
  readonly ramBytes: number;
  readonly latencyMs: number;
  /** Factors that set its width. */
  readonly scaling: readonly string[];
  /** Output channels. */
  readonly channels: number;
}

/** One analyzed variation, as the search keeps and records it. */
export interface Evaluation {
  readonly name: string;
  readonly factors: Readonly<Record<string, unknown>>;
  readonly alpha: number;
  readonly params: number;
  readonly modelSizeBytes: number;
  readonly arenaBytes: number;
  readonly peakMemoryBytes: number;
  readonly macs: number;
  /** With a device: estimated latency, ms. */
  readonly latencyMs?: number;
  /** Constraints broken; empty when the variation meets all. */
  readonly violations: readonly Violation[];
  readonly layers: readonly LayerFigures[];
}

/** Where evaluations are kept between runs (the model database): a resumed search reads them instead of analyzing. */
export interface EvaluationStore {
  get(name: string): Evaluation | undefined;
  /** Called once per new evaluation, with its full analysis report for the variation record (computed when called). */
  put(evaluation: Evaluation, report: () => AnalysisReport): void;
}

/**
 * Analyze one variation and check it against the constraints: the figures a fit depends on (`analyzeFigures`, the
 * analysis pipeline's own functions), `checkBudgets` for flash/RAM/MACs. The full report (for the variation record)
 * is computed only when `report` is called.
 */
export function evaluateVariation(
  arch: Architecture,
  factors: Record<string, unknown>,
  constraints: SearchConstraints,
  target: { device?: Device; runtime?: string } = {},
): { evaluation: Evaluation; report: () => AnalysisReport } {
  const created = arch.create(factors);
  const input: AnalysisInput = { name: created.name, architecture: arch.name, factors: created.factors, graph: created.graph, source: 'plugin' };
  const options = { ...(target.device ? { device: target.device } : {}), ...(target.runtime ? { runtime: target.runtime } : {}) };
  const f = analyzeFigures(input, options);
  const budgets = checkBudgets(
    { modelBytes: f.modelSizeBytes, peakBytes: f.arenaBytes, macs: f.macs },
    {
      ...(constraints.maxFlashBytes !== undefined ? { flashBytes: constraints.maxFlashBytes } : {}),
      ...(constraints.maxRamBytes !== undefined ? { ramBytes: constraints.maxRamBytes } : {}),
      ...(constraints.maxMacs !== undefined ? { macs: constraints.maxMacs } : {}),
    },
  );
  const metricOf = { 'flash budget': 'flash', 'RAM budget': 'ram', 'MAC budget': 'macs' } as const;
  const violations: Violation[] = budgets
    .filter((c) => !c.pass)
    .map((c) => ({ metric: metricOf[c.check as keyof typeof metricOf], used: c.used, limit: c.limit }));
  const { latencyMs } = f;
  if (constraints.maxLatencyMs !== undefined && latencyMs !== undefined && latencyMs > constraints.maxLatencyMs) {
    violations.push({ metric: 'latency', used: latencyMs, limit: constraints.maxLatencyMs });
  }
  const evaluation: Evaluation = {
    name: created.name,
    factors: created.factors,
    alpha: created.factors.alpha as number,
    params: f.params,
    modelSizeBytes: f.modelSizeBytes,
    arenaBytes: f.arenaBytes,
    peakMemoryBytes: f.peakMemoryBytes,
    macs: f.macs,
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    violations,
    layers: f.layers
      .filter((l) => l.params > 0 || l.macs > 0 || (l.ramBytes ?? 0) > 0)
      .map((l) => ({
        name: l.name,
        params: l.params,
        macs: l.macs,
        ramBytes: l.ramBytes ?? 0,
        latencyMs: l.latencyMs ?? 0,
        scaling: l.scaling,
        channels: l.outputChannels,
      })),
  };
  return { evaluation, report: () => analyze(input, options).report };
}
