import { analyze } from '@cnn-analyzer/analysis';
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
  /** Called once per new evaluation, with its full analysis report for the variation record. */
  put(evaluation: Evaluation, report: unknown): void;
}

/** Analyze one variation and check it against the constraints (the analysis pipeline; `checkBudgets` for flash/RAM/MACs). */
export function evaluateVariation(
  arch: Architecture,
  factors: Record<string, unknown>,
  constraints: SearchConstraints,
  target: { device?: Device; runtime?: string } = {},
): { evaluation: Evaluation; report: unknown } {
  const created = arch.create(factors);
  const { report } = analyze(
    { name: created.name, architecture: arch.name, factors: created.factors, graph: created.graph, source: 'plugin' },
    { ...(target.device ? { device: target.device } : {}), ...(target.runtime ? { runtime: target.runtime } : {}) },
  );
  const t = report.totals;
  const latencyMs = report.latency?.totalMs;
  const budgets = checkBudgets(
    { modelBytes: t.modelSizeBytes, peakBytes: t.arenaBytes, macs: t.macs },
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
  if (constraints.maxLatencyMs !== undefined && latencyMs !== undefined && latencyMs > constraints.maxLatencyMs) {
    violations.push({ metric: 'latency', used: latencyMs, limit: constraints.maxLatencyMs });
  }
  const evaluation: Evaluation = {
    name: created.name,
    factors: created.factors,
    alpha: created.factors.alpha as number,
    params: t.params,
    modelSizeBytes: t.modelSizeBytes,
    arenaBytes: t.arenaBytes,
    peakMemoryBytes: t.peakMemoryBytes,
    macs: t.macs,
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    violations,
    layers: report.layers
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
  return { evaluation, report };
}
