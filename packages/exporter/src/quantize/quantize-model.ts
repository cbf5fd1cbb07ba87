import type { LayersModel } from '@tensorflow/tfjs';
import { CnnAnalyzerError, elementCount, mulberry32, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { activationRanges, layerWeights, type LayerWeights, type Range } from '@cnn-analyzer/builders';
import type { TfliteModel } from '../tflite/model.js';
import { activationTensors, deployGraph, inOrder, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';
import { assignParams } from './param-groups.js';
import { EXPORT_DESCRIPTION, ModelAssembler } from './model-assembler.js';
import { emitOp, type EmitContext } from './emit-ops.js';
import { foldedWeightsOf, type FoldedWeights } from './fold-weights.js';

/** Options of {@link quantizeModel}. */
export interface QuantizeOptions {
  /**
   * Representative inputs for calibration, each a flattened HWC float sample in the model's input
   * range. @default `samples` generated inputs uniform in [0, 1]
   */
  readonly representative?: Iterable<Float32Array>;
  /** How many generated inputs to calibrate on when no representative set is given. @default 32 */
  readonly samples?: number;
  /** Seed of the generated inputs. @default 1 */
  readonly seed?: number;
  /** Float32 input and output through QUANTIZE / DEQUANTIZE instead of int8 I/O. @default false */
  readonly floatIO?: boolean;
  /**
   * Execution order to write the operators in, as deployed operator names (e.g. `MemoryReport.operators` of the
   * memory planner's `order: 'optimal'`). @default the graph's order
   */
  readonly operatorOrder?: readonly string[];
}

/** Deterministic uniform [0, 1) samples (mulberry32). */
export function* generatedInputs(shape: readonly number[], count: number, seed = 1): Generator<Float32Array> {
  const next = mulberry32(seed);
  for (let i = 0; i < count; i++) yield Float32Array.from({ length: elementCount(shape) }, next);
}

/**
 * int8 post-training quantization as TensorFlow's converter does it for TFLM: BatchNorm folded,
 * ReLU/ReLU6 fused, per-channel symmetric int8 conv weights (per-tensor for dense), int32 biases at
 * input scale × weight scale, asymmetric int8 activations calibrated on the representative set,
 * softmax/logistic outputs at 1/256 and −128, int8 input and output unless `floatIO`.
 */
export function quantizeModel(graph: LayerGraph, model: LayersModel, options: QuantizeOptions = {}): TfliteModel {
  const weights = layerWeights(model, graph);
  const deployed = deployGraph(graph);
  const tensors = activationTensors(deployed).filter((t) => graph.tensors[t.id] !== undefined).map((t) => t.id);
  const inputShape = graph.tensors[graph.inputs[0]!]!.shape;
  const samples = options.representative ?? generatedInputs(inputShape, options.samples ?? 32, options.seed ?? 1);
  return assembleTflite(graph, weights, activationRanges(model, graph, tensors, samples), options);
}

/**
 * Assemble the int8 TfliteModel from float weights (Keras layouts, by IR node name) and calibrated
 * activation ranges (by IR tensor name); tensors without a range get [0, 1].
 */
export function assembleTflite(graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>, ranges: ReadonlyMap<string, Range>, options: Pick<QuantizeOptions, 'floatIO' | 'operatorOrder'> = {}): TfliteModel {
  return assembleDeployed(graph, deployGraph(graph, { floatIO: options.floatIO ?? false }), foldedWeightsOf(graph, weights), ranges, options.operatorOrder);
}

/**
 * Assemble the TfliteModel of a deployed graph: one TFLite operator per deployed operator, one tensor per deployed
 * tensor, in the given operator order.
 */
export function assembleDeployed(graph: LayerGraph, deployed: DeployedGraph, weights: (op: DeployedOp) => FoldedWeights, ranges: ReadonlyMap<string, Range>, operatorOrder?: readonly string[], layoutOnly?: { skipped: number }): TfliteModel {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new CnnAnalyzerError(`${graph.name}: only single-input, single-output models can be exported (got ${graph.inputs.length} in, ${graph.outputs.length} out)`, 'graph', graph.name);
  }
  const ops = operatorOrder ? inOrder(deployed, operatorOrder).ops : deployed.ops;
  const nodes = new Map(graph.nodes.map((n) => [n.name, n]));
  const m = new ModelAssembler();
  const ctx: EmitContext = { m, deployed, index: new Map(), params: assignParams(deployed, ranges), node: (op) => nodes.get(op.source)!, weights, ...(layoutOnly ? { layoutOnly } : {}) };
  for (const op of ops) emitOp(ctx, op);
  return m.finish(graph.name, deployed.inputs.map((t) => ctx.index.get(t)!), deployed.outputs.map((t) => ctx.index.get(t)!), EXPORT_DESCRIPTION);
}
