import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CnnAnalyzerError, GraphBuilder, type OpAttrs, type OpType } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';
import '@cnn-analyzer/builders'; // registers the project's custom layers for deserialization
import type { ImportedModel } from './import-tflite.js';

/** A TensorFlow.js layers model that the layer-graph IR cannot represent, or whose files cannot be read. */
export class TfjsImportError extends CnnAnalyzerError {
  constructor(message: string, layer: string) {
    super(`tfjs import: ${message}`, 'layer', layer);
  }
}

type Config = Record<string, unknown>;
type Step = { op: OpType; attrs: OpAttrs[OpType] } | { alias: true };

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);
const ACTIVATIONS: Readonly<Record<string, OpType | null>> = { linear: null, relu: 'relu', relu6: 'relu6', sigmoid: 'sigmoid', softmax: 'softmax' };

function fail(layer: tf.layers.Layer, what: string, expected: string): never {
  throw new TfjsImportError(`layer ${JSON.stringify(layer.name)} (${layer.getClassName()}): ${what} (expected ${expected})`, layer.name);
}

/** The IR op of one tfjs layer (without its fused activation). */
function translate(layer: tf.layers.Layer, c: Config, inputRank: number): Step {
  const same = (): 'same' | 'valid' => (c.padding === 'same' ? 'same' : c.padding === 'valid' ? 'valid' : fail(layer, `padding ${JSON.stringify(c.padding)}`, 'same or valid'));
  const plain = (): void => {
    if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') fail(layer, `data format ${String(c.dataFormat)}`, 'channelsLast');
    if (c.dilationRate !== undefined && pair(c.dilationRate).some((d) => d !== 1)) fail(layer, `dilation ${JSON.stringify(c.dilationRate)}`, 'dilation 1');
  };
  switch (layer.getClassName()) {
    case 'Conv2D':
      plain();
      return { op: 'conv2d', attrs: { filters: Number(c.filters), kernelSize: pair(c.kernelSize), strides: pair(c.strides ?? 1), padding: same(), groups: 1, useBias: c.useBias !== false } };
    case 'CnnaGroupedConv2D':
      return { op: 'conv2d', attrs: { filters: Number(c.filters), kernelSize: pair(c.kernelSize), strides: pair(c.strides), padding: same(), groups: Number(c.groups), useBias: c.useBias !== false } };
    case 'DepthwiseConv2D':
      plain();
      return { op: 'depthwiseConv2d', attrs: { kernelSize: pair(c.kernelSize), strides: pair(c.strides ?? 1), padding: same(), depthMultiplier: Number(c.depthMultiplier ?? 1), useBias: c.useBias !== false } };
    case 'Dense':
      return { op: 'dense', attrs: { units: Number(c.units), useBias: c.useBias !== false } };
    case 'BatchNormalization':
      if (c.axis !== undefined && c.axis !== -1 && c.axis !== inputRank - 1) fail(layer, `axis ${JSON.stringify(c.axis)}`, 'the channel axis (-1)');
      return { op: 'batchNorm', attrs: { epsilon: Number(c.epsilon ?? 1e-3) } };
    case 'ReLU':
      if (c.maxValue === undefined || c.maxValue === null) return { op: 'relu', attrs: {} };
      if (Number(c.maxValue) === 6) return { op: 'relu6', attrs: {} };
      return fail(layer, `max value ${String(c.maxValue)}`, 'no max value or 6');
    case 'Activation': {
      const op = ACTIVATIONS[String(c.activation)];
      if (op === undefined) fail(layer, `activation ${JSON.stringify(c.activation)}`, Object.keys(ACTIVATIONS).join(', '));
      return op === null ? { alias: true } : { op, attrs: op === 'softmax' ? { axis: -1 } : {} };
    }
    case 'Softmax':
      return { op: 'softmax', attrs: { axis: Number(c.axis ?? -1) } };
    case 'CnnaHardActivation':
      return { op: c.kind === 'swish' ? 'hardSwish' : 'hardSigmoid', attrs: {} };
    case 'Add':
      return { op: 'add', attrs: {} };
    case 'Multiply':
      return { op: 'multiply', attrs: {} };
    case 'Concatenate': {
      const axis = Number(c.axis ?? -1);
      return { op: 'concat', attrs: { axis: axis > 0 ? axis - 1 : axis } };
    }
    case 'CnnaChannelShuffle':
      return { op: 'channelShuffle', attrs: { groups: Number(c.groups) } };
    case 'GlobalAveragePooling2D':
      return { op: 'globalAveragePool', attrs: { keepDims: false } };
    case 'AveragePooling2D':
    case 'MaxPooling2D':
      return { op: layer.getClassName() === 'MaxPooling2D' ? 'maxPool' : 'averagePool', attrs: { poolSize: pair(c.poolSize), strides: pair(c.strides ?? c.poolSize), padding: same() } };
    case 'Reshape':
      return { op: 'reshape', attrs: { targetShape: (c.targetShape as number[]).map(Number) } };
    case 'Flatten':
      return { op: 'flatten', attrs: {} };
    case 'Dropout':
      return { op: 'dropout', attrs: { rate: Number(c.rate) } };
    case 'ZeroPadding2D': {
      const p = c.padding as unknown;
      const both = Array.isArray(p) ? (p as unknown[]).map((x) => pair(x)) : [pair(p), pair(p)];
      return { op: 'zeroPadding', attrs: { padding: [both[0]!, both[1]!] } };
    }
    default:
      return fail(layer, 'no equivalent in the layer-graph IR', 'Conv2D, DepthwiseConv2D, Dense, BatchNormalization, activations, Add, Multiply, Concatenate, pools, Reshape, Flatten, Dropout, ZeroPadding2D or the project\'s custom layers');
  }
}

/** Keras-order weights of a layer; BatchNorm without `scale` / `center` gets gamma 1 / beta 0, as Keras computes it. */
function weightsOf(layer: tf.layers.Layer, c: Config): LayerWeights | undefined {
  const ws = layer.getWeights();
  if (ws.length === 0) return undefined;
  let values = ws.map((w) => Float32Array.from(w.dataSync()));
  let shapes = ws.map((w) => [...w.shape]);
  if (layer.getClassName() === 'BatchNormalization' && values.length < 4) {
    const n = values[values.length - 1]!.length;
    const rest = [...values];
    const gamma = c.scale === false ? new Float32Array(n).fill(1) : rest.shift()!;
    const beta = c.center === false ? new Float32Array(n) : rest.shift()!;
    values = [gamma, beta, ...rest];
    shapes = values.map((v) => [v.length]);
  }
  return { shapes, values };
}

/**
 * Map a TensorFlow.js layers model (trained elsewhere, or written by `export --format tfjs`) onto the layer-graph
 * IR, with its float weights by IR node name in Keras layouts. Layer names become node names; a layer's fused
 * activation (`activation: 'relu'` on a Conv2D) becomes its own node `<name>/activation`.
 */
export function tfjsToGraph(model: tf.LayersModel, name = model.name): ImportedModel {
  const g = new GraphBuilder(name);
  const tensors = new Map<string, string>(); // tfjs layer name (+ output index) → IR tensor
  const weights = new Map<string, LayerWeights>();
  const split = new Map<string, { node: string; parts: number }>(); // channel-slice layer → its split node
  // A Sequential model does not list its input layer among its layers: take the inputs from the model's input tensors.
  const known = new Set<tf.layers.Layer>(model.layers);
  for (const input of model.inputs) {
    const layer = input.sourceLayer as tf.layers.Layer;
    known.add(layer);
    tensors.set(layer.name, g.input(input.shape.slice(1).map(Number), layer.name));
  }
  for (const layer of model.layers) {
    const c = layer.getConfig() as Config;
    if (layer.getClassName() === 'InputLayer') continue;
    const nodes = layer.inboundNodes.filter((n) => n.inboundLayers.length > 0 && n.inboundLayers.every((l) => known.has(l)));
    if (nodes.length !== 1) fail(layer, `applied ${nodes.length} times`, 'each layer applied once');
    const inputs = nodes[0]!.inboundLayers.map((l, i) => {
      const t = tensors.get(`${l.name}:${nodes[0]!.tensorIndices[i]}`) ?? tensors.get(l.name);
      if (t === undefined) fail(layer, `input ${JSON.stringify(l.name)} not seen yet`, 'layers in execution order');
      return t;
    });
    const rank = g.shape(inputs[0]!).length + 1;
    if (layer.getClassName() === 'CnnaChannelSlice') {
      // The builders write a channel split as slices `<name>_0 … <name>_{k-1}` of equal size.
      const m = /^(.*)_(\d+)$/.exec(layer.name);
      const size = Number(c.size);
      const parts = g.channels(inputs[0]!) / size;
      if (!m || Number(c.start) !== Number(m[2]) * size || !Number.isInteger(parts)) fail(layer, `slice from ${String(c.start)} of ${size} channels`, 'an equal split written as <name>_k');
      let s = split.get(`${inputs[0]}|${m[1]}`);
      if (!s) {
        s = { node: m[1]!, parts };
        split.set(`${inputs[0]}|${m[1]}`, s);
        g.channelSplit(inputs[0]!, parts, m[1]);
      }
      tensors.set(layer.name, `${s.node}:${m[2]}`);
      continue;
    }
    const step = translate(layer, c, rank);
    if ('alias' in step) {
      tensors.set(layer.name, inputs[0]!);
      continue;
    }
    const act = c.activation === undefined || layer.getClassName() === 'Activation' ? null : ACTIVATIONS[String(c.activation)];
    if (act === undefined) fail(layer, `activation ${JSON.stringify(c.activation)}`, Object.keys(ACTIVATIONS).join(', '));
    let out = g.op(step.op, inputs, step.attrs as never, layer.name)[0]!;
    const w = weightsOf(layer, c);
    if (w) weights.set(layer.name, w);
    if (act) out = g.op(act, [out], (act === 'softmax' ? { axis: -1 } : {}) as never, `${layer.name}/activation`)[0]!;
    tensors.set(layer.name, out);
  }
  const outputs = model.outputs.map((o) => {
    const [layer] = o.sourceLayer ? [o.sourceLayer] : [];
    const t = layer ? tensors.get(layer.name) : undefined;
    if (t === undefined) throw new TfjsImportError(`model output ${JSON.stringify(o.name)} is not produced by any imported layer (expected an output of the model's layers)`, o.name);
    return t;
  });
  return { graph: g.build(outputs), weights };
}

/** Read a TensorFlow.js layers model from `model.json` and the weight files its manifest lists (beside it). */
export async function loadTfjsModelFile(path: string): Promise<tf.LayersModel> {
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as typeof json;
  } catch (e) {
    throw new TfjsImportError(`${path}: cannot read it as JSON: ${(e as Error).message} (expected a TensorFlow.js model.json)`, path);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new TfjsImportError(`${path}: no modelTopology or weightsManifest (expected a TensorFlow.js layers-model model.json)`, path);
  const chunks = json.weightsManifest.flatMap((group) => group.paths.map((p) => {
    try {
      return new Uint8Array(readFileSync(join(dirname(path), p)));
    } catch {
      throw new TfjsImportError(`${path}: weight file ${JSON.stringify(p)} not found beside it (expected the files its weightsManifest lists)`, p);
    }
  }));
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.length;
  }
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'], weightSpecs, weightData: weightData.buffer }));
  } catch (e) {
    throw new TfjsImportError(`${path}: TensorFlow.js cannot load it: ${(e as Error).message}`, path);
  }
}
