import type { LayersModel } from '@tensorflow/tfjs';
import { CnnAnalyzerError, elementCount, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { activationRanges, layerWeights, type LayerWeights, type Range } from '@cnn-analyzer/builders';
import type { TfliteModel } from '../tflite/model.js';
import { deployedOps, type DeployedOp } from './deploy-ops.js';
import { assignParams } from './param-groups.js';
import { ModelAssembler } from './model-assembler.js';
import { emitOp, type EmitContext } from './emit-ops.js';

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
   * Execution order to write the operators in, as layer names (e.g. `MemoryReport.operators` of the memory
   * planner's `order: 'optimal'`); names of fused-away layers are ignored. @default the graph's order
   */
  readonly operatorOrder?: readonly string[];
}

/** Deterministic uniform [0, 1) samples (mulberry32). */
export function* generatedInputs(shape: readonly number[], count: number, seed = 1): Generator<Float32Array> {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  const ops = deployedOps(graph, weights);
  const inputShape = graph.tensors[graph.inputs[0]!]!.shape;
  const tensors = [graph.inputs[0]!, ...new Set(ops.flatMap((o) => o.outputs))];
  const samples = options.representative ?? generatedInputs(inputShape, options.samples ?? 32, options.seed ?? 1);
  return assembleTflite(graph, weights, activationRanges(model, graph, tensors, samples), options);
}

/**
 * Assemble the int8 TfliteModel from float weights (Keras layouts, by IR node name) and calibrated
 * activation ranges (by IR tensor name); tensors without a range get [0, 1].
 */
export function assembleTflite(graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>, ranges: ReadonlyMap<string, Range>, options: Pick<QuantizeOptions, 'floatIO' | 'operatorOrder'> = {}): TfliteModel {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new CnnAnalyzerError(`${graph.name}: only single-input, single-output models can be exported (got ${graph.inputs.length} in, ${graph.outputs.length} out)`, 'graph', graph.name);
  }
  const ops = orderOps(deployedOps(graph, weights), options.operatorOrder);
  const inputName = graph.inputs[0]!;
  const inputShape = graph.tensors[inputName]!.shape;
  const params = assignParams([inputName], ops, ranges);

  const m = new ModelAssembler();
  const ctx: EmitContext = { m, index: new Map(), params, shape: (t) => graph.tensors[t]!.shape };
  const withBatch = (s: readonly number[]): number[] => [1, ...s];
  let modelInput: number;
  const q = m.activation(inputName, withBatch(inputShape), 'INT8', params.get(inputName));
  ctx.index.set(inputName, q);
  if (options.floatIO) {
    modelInput = m.activation(`${inputName}/float`, withBatch(inputShape), 'FLOAT32');
    m.op('QUANTIZE', [modelInput], [q]);
  } else {
    modelInput = q;
  }
  for (const op of ops) emitOp(ctx, op);
  let last = graph.outputs[0]!;
  for (let n = graph.nodes.find((x) => x.outputs.includes(last)); n?.op === 'dropout'; n = graph.nodes.find((x) => x.outputs.includes(last))) last = n.inputs[0]!;
  let modelOutput = ctx.index.get(last)!;
  if (options.floatIO) {
    const f = m.activation(`${last}/float`, m.shapeOf(modelOutput), 'FLOAT32');
    m.op('DEQUANTIZE', [modelOutput], [f]);
    modelOutput = f;
  }
  return m.finish(graph.name, [modelInput], [modelOutput], 'CNN Analyzer int8 post-training quantization');
}

/**
 * Put the deployed ops in the given order of layer names, checking that every op still follows its
 * inputs. Ops the order does not list (those the memory planner folds away, e.g. flatten and
 * reshape, which run in place) run right after the latest producer of their inputs.
 */
function orderOps(ops: DeployedOp[], order: readonly string[] | undefined): DeployedOp[] {
  if (!order) return ops;
  const listed = new Map(order.map((name, i) => [name, i]));
  const rank = new Map<DeployedOp, number>();
  const producerRank = new Map<string, number>();
  ops.forEach((o, i) => {
    const after = Math.floor(Math.max(-1, ...o.inputs.map((t) => producerRank.get(t) ?? -1)));
    const r = listed.get(o.node.name) ?? after + (i + 1) / (ops.length + 1);
    rank.set(o, r);
    o.outputs.forEach((t) => producerRank.set(t, r));
  });
  const sorted = [...ops].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const ready = new Set<string>();
  const produced = new Set(ops.flatMap((o) => o.outputs));
  for (const op of sorted) {
    const early = op.inputs.find((t) => produced.has(t) && !ready.has(t));
    if (early !== undefined) throw new CnnAnalyzerError(`operatorOrder: layer ${JSON.stringify(op.node.name)} would run before ${JSON.stringify(early)} is computed`, 'operatorOrder', op.node.name);
    op.outputs.forEach((t) => ready.add(t));
  }
  return sorted;
}
