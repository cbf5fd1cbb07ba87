import { elementCount, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';
import type { LayerMetrics } from '@cnn-analyzer/metrics';

/** Cost classes of layers as the kernels see them. */
export type CostClass = 'conv' | 'pointwise' | 'depthwise' | 'dense' | 'pool' | 'elementwise' | 'softmax' | 'movement' | 'fused';

/**
 * Cycles per unit of work for each cost class (MAC layers per MAC, the rest per output element).
 * `softmax` is apart from `elementwise` (ADD, MUL, activations): its kernel computes an exponential and
 * a normalization per element, so its cost per element says nothing about an ADD's.
 */
export type CostCoefficients = Readonly<Record<CostClass, number>>;

/** Cycles per byte for some cost classes (a class left out costs nothing for that traffic). */
export type ByteCycles = Readonly<Partial<Record<CostClass, number>>>;

/**
 * A runtime's latency model on one core. Cycles of a layer = coefficient × work (MACs, or output
 * elements for non-MAC layers) + output-byte cycles × activation bytes written + weight-byte cycles ×
 * parameters read + a fixed cost per operator; ms = cycles / clock.
 */
export interface LatencyModel {
  /** Runtime and kernel library this models, e.g. `x-cube-ai`, `tflm-reference`, `tflm-cmsis-nn`. */
  readonly runtime: string;
  /** Cycles per MAC (conv, pointwise, depthwise, dense) or per output element (the rest). */
  readonly coefficients: CostCoefficients;
  /** Fixed cycles per invoked operator (interpreter dispatch). */
  readonly perOperatorCycles: number;
  /** Cycles per int8 byte of output activation, by class (activation memory traffic). @default {} */
  readonly outputByteCycles?: ByteCycles;
  /** Cycles per parameter read (int8 weights, about a byte each), by class: weights streamed from flash. @default {} */
  readonly weightByteCycles?: ByteCycles;
  /** Where the coefficients come from. */
  readonly source: string;
}

/** What a layer costs, by the terms of a latency model. */
export interface LayerCostTerms {
  readonly cls: CostClass;
  /** MACs for MAC layers, output elements otherwise; 0 when fused. */
  readonly work: number;
  /** int8 bytes the layer writes; 0 when fused. */
  readonly outputBytes: number;
  /** Parameters the layer reads (MAC layers only). */
  readonly weightBytes: number;
}

const MAC_CLASSES = new Set<CostClass>(['conv', 'pointwise', 'depthwise', 'dense']);

/** Cost terms of one deployed operator (its kernel class and the work it does). */
export interface OpCostTerms extends LayerCostTerms {
  /** Deployed operator name. */
  readonly op: string;
  /** The IR layer it implements. */
  readonly source: string;
}

/**
 * Cost terms of every operator the deployed model runs, in execution order: the kernel class the deployed graph
 * gives it, MACs (MAC kernels) or output elements (the rest) as work, output bytes and parameters read. Layers
 * fused into another operator (BatchNorm, ReLU after a conv or ADD) and dropped ones (dropout) are not listed: they
 * cost nothing at run time.
 */
export function opCostTerms(deployed: DeployedGraph): OpCostTerms[] {
  return deployed.ops.map((o: DeployedOp) => {
    const outputBytes = o.outputs.reduce((sum, t) => sum + elementCount(deployed.tensors[t]!.shape), 0);
    const cls = o.kernelClass;
    const mac = MAC_CLASSES.has(cls);
    return { op: o.name, source: o.source, cls, work: mac ? o.macs : outputBytes, outputBytes, weightBytes: mac ? o.params : 0 };
  });
}

/** Per IR layer: the operators it owns in the deployed graph (none for fused or dropped layers). */
function ownOps(graph: LayerGraph, deployed: DeployedGraph): number[][] {
  return graph.nodes.map((n) => (deployed.opsOf[n.name] ?? []).filter((i) => deployed.ops[i]!.source === n.name));
}

/**
 * The cost class of every IR layer in graph order, from the deployed graph: its operator's kernel class, or
 * `fused` when TFLite folds or fuses it into another operator (or drops it) so it costs nothing at run time.
 */
export function costClasses(graph: LayerGraph): CostClass[] {
  const deployed = deployGraph(graph);
  return ownOps(graph, deployed).map((ops) => {
    if (ops.length === 0) return 'fused';
    const main = ops.find((i) => deployed.ops[i]!.weights !== undefined) ?? ops[ops.length - 1]!;
    return deployed.ops[main]!.kernelClass;
  });
}

/** Work a layer does for its cost class: MACs for MAC layers, output elements otherwise. */
export function layerWork(layer: LayerMetrics, cls: CostClass): number {
  if (cls === 'fused') return 0;
  if (MAC_CLASSES.has(cls)) return layer.macs;
  return layer.activationBytes;
}

/** Every IR layer's cost terms in graph order (the sum over its deployed operators; fused layers cost 0). */
export function layerCostTerms(graph: LayerGraph): LayerCostTerms[] {
  const deployed = deployGraph(graph);
  const terms = opCostTerms(deployed);
  const classes = costClasses(graph);
  return ownOps(graph, deployed).map((ops, i) => {
    const cls = classes[i]!;
    if (ops.length === 0) return { cls, work: 0, outputBytes: 0, weightBytes: 0 };
    const sum = (k: 'work' | 'outputBytes' | 'weightBytes'): number => ops.reduce((s, j) => s + terms[j]![k], 0);
    return { cls, work: sum('work'), outputBytes: ops.length === 1 ? terms[ops[0]!]!.outputBytes : terms[ops[ops.length - 1]!]!.outputBytes, weightBytes: sum('weightBytes') };
  });
}

/**
 * Work per cost class summed over a graph's deployed operators: what a calibration point records for a measured
 * model, so a plugin's test can check its recorded work against the model's file.
 */
export function workByClass(graph: LayerGraph): Partial<Record<CostClass, number>> {
  const work: Partial<Record<CostClass, number>> = {};
  for (const t of opCostTerms(deployGraph(graph))) work[t.cls] = (work[t.cls] ?? 0) + t.work;
  return work;
}

/** Cycles of one layer or operator under a model (fused layers: 0). */
export function layerCycles(model: LatencyModel, t: LayerCostTerms): number {
  if (t.cls === 'fused') return 0;
  return (
    model.coefficients[t.cls] * t.work +
    (model.outputByteCycles?.[t.cls] ?? 0) * t.outputBytes +
    (model.weightByteCycles?.[t.cls] ?? 0) * t.weightBytes +
    model.perOperatorCycles
  );
}

/** Per deployed operator latency in milliseconds at `clockHz`. */
export function opLatencies(model: LatencyModel, deployed: DeployedGraph, clockHz: number): number[] {
  return opCostTerms(deployed).map((t) => (layerCycles(model, t) / clockHz) * 1000);
}

/** Per IR layer latency in milliseconds at `clockHz`: the sum of its deployed operators (fused layers: 0). */
export function layerLatencies(model: LatencyModel, graph: LayerGraph, clockHz: number): number[] {
  const deployed = deployGraph(graph);
  const ms = opLatencies(model, deployed, clockHz);
  return ownOps(graph, deployed).map((ops) => ops.reduce((s, i) => s + ms[i]!, 0));
}
