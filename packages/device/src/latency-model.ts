import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph, type KernelClass } from '@cnn-analyzer/deployed-graph';
import { opFeatures, type Features, type LatencyFeature } from './op-features.js';
import type { CalibrationPoint } from './calibration-point.js';

/** What a runtime's coefficients were fitted on, kept so they can be refitted with new measurements (`calibrate`). */
export interface LatencyCalibration {
  /** The shipped points (fitted and held out). */
  readonly points: readonly CalibrationPoint[];
  /** The fitted terms: features in one group share a coefficient. */
  readonly terms: readonly (readonly LatencyFeature[])[];
  /** Clock the points' milliseconds were measured at, Hz. */
  readonly clockHz: number;
  /** What the interval claims when the fit leaves no residuals. */
  readonly fallbackInterval?: LatencyInterval;
}

/** How far an estimate may be off: a relative half-width and how it was obtained. */
export interface LatencyInterval {
  /** Half-width of the interval as a fraction of the estimate (0.1: ± 10 %). */
  readonly relative: number;
  /** How the half-width was built (from which residuals), or why it is a stated guess. */
  readonly basis: string;
}

/**
 * A runtime's latency model on one core, the same structure for every board: cycles of a deployed operator =
 * Σ over its features (see `LATENCY_FEATURES`) of cycles per unit × units; ms = cycles / clock.
 */
export interface LatencyModel {
  /** Runtime and kernel library this models, e.g. `x-cube-ai`, `tflm-reference`, `tflm-cmsis-nn`. */
  readonly runtime: string;
  /** Version of the runtime the coefficients were measured with, e.g. `8.0`. */
  readonly version: string;
  /** Cycles per unit of each feature (absent: 0). */
  readonly cycles: Features;
  /** Uncertainty of an estimate under this model. */
  readonly interval: LatencyInterval;
  /** Where the coefficients come from. */
  readonly source: string;
  /** The data and terms the coefficients were fitted on (absent: not refittable). */
  readonly calibration?: LatencyCalibration;
}

/** What a deployed operator costs, by the terms of the latency model. */
export interface OpCostTerms {
  /** Deployed operator name. */
  readonly op: string;
  /** The IR layer it implements. */
  readonly source: string;
  /** Kernel class the deployed graph gives it. */
  readonly cls: KernelClass;
  readonly features: Features;
}

/**
 * Cost terms of every operator the deployed model runs, in execution order. Layers fused into another operator
 * (BatchNorm, ReLU after a conv or ADD) and dropped ones (dropout) are not listed: they cost nothing at run time.
 */
export function opCostTerms(deployed: DeployedGraph): OpCostTerms[] {
  const features = opFeatures(deployed);
  return deployed.ops.map((o, i) => ({ op: o.name, source: o.source, cls: o.kernelClass, features: features[i]! }));
}

/** Cycles of features under a model. */
export function featureCycles(model: Pick<LatencyModel, 'cycles'>, features: Features): number {
  let cycles = 0;
  for (const k in features) cycles += (model.cycles[k as LatencyFeature] ?? 0) * features[k as LatencyFeature]!;
  return cycles;
}

/** Per deployed operator latency in milliseconds at `clockHz`. */
export function opLatencies(model: LatencyModel, deployed: DeployedGraph, clockHz: number): number[] {
  return opFeatures(deployed).map((f) => (featureCycles(model, f) / clockHz) * 1000);
}

/** Per IR layer latency in milliseconds at `clockHz`: the sum of its deployed operators (fused layers: 0). */
export function layerLatencies(model: LatencyModel, graph: LayerGraph, clockHz: number, deployed: DeployedGraph = deployGraph(graph)): number[] {
  return layerSums(graph, deployed, opLatencies(model, deployed, clockHz));
}

/** Per IR layer in graph order: the sum of per-operator figures over the operators it owns (fused layers: 0). */
export function layerSums(graph: LayerGraph, deployed: DeployedGraph, perOp: readonly number[]): number[] {
  const byLayer = new Map<string, number>();
  deployed.ops.forEach((o, i) => byLayer.set(o.source, (byLayer.get(o.source) ?? 0) + perOp[i]!));
  return graph.nodes.map((n) => byLayer.get(n.name) ?? 0);
}
