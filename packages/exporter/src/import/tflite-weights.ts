import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';
import { TfliteImportError } from '../tflite/format-error.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from '../tflite/model.js';
import type { ImportedGraph } from '../tflite/to-graph.js';

const HOSTS = new Set(['conv2d', 'depthwiseConv2d', 'dense']);

/** The float values of a constant tensor: FLOAT32 as stored, INT8 dequantized per its (per-channel) scale and zero point. */
function floatData(model: TfliteModel, t: TfliteTensor, what: string): Float32Array {
  const data = model.buffers[t.buffer];
  if (!data || data.length === 0) {
    throw new TfliteImportError(`${what} ${JSON.stringify(t.name)} has no constant data (expected weights stored in the file; weights computed at run time, e.g. float16 through DEQUANTIZE, are not supported)`, 'weights');
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (t.type === 'FLOAT32') return Float32Array.from({ length: data.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  const q = t.quantization;
  if ((t.type === 'INT8' || t.type === 'INT32') && q && q.scale.length > 0) {
    const size = t.type === 'INT8' ? 1 : 4;
    const n = data.length / size;
    const dim = q.quantizedDimension;
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const channels = t.shape[dim] ?? 1;
    return Float32Array.from({ length: n }, (_, i) => {
      const c = q.scale.length === 1 ? 0 : Math.floor(i / inner) % channels;
      const v = size === 1 ? view.getInt8(i) : view.getInt32(i * 4, true);
      return (v - (q.zeroPoint[c] ?? 0)) * q.scale[c]!;
    });
  }
  throw new TfliteImportError(`${what} ${JSON.stringify(t.name)} is ${t.type} (expected FLOAT32, or quantized INT8/INT32 with a scale)`, 'weights');
}

/** Move axis 0 of a row-major `[a, ...rest]` array to the end: `[...rest, a]`. */
function outerToLast(src: Float32Array, outer: number): Float32Array {
  const inner = src.length / outer;
  const dst = new Float32Array(src.length);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) dst[i * outer + o] = src[o * inner + i]!;
  return dst;
}

/** One conv / depthwise / dense operator's weights in Keras layouts. */
function kerasWeights(model: TfliteModel, op: TfliteOperator, kind: string, layer: string): LayerWeights {
  const sg = model.subgraphs[0]!;
  const w = sg.tensors[op.inputs[1]!]!;
  const kernel = floatData(model, w, `layer ${JSON.stringify(layer)}: the kernel`);
  const shapes: number[][] = [];
  const values: Float32Array[] = [];
  if (kind === 'conv2d') {
    // TFLite OHWI [cout, kh, kw, cin/groups] → Keras HWIO [kh, kw, cin/groups, cout].
    const [o, kh, kw, i] = w.shape as [number, number, number, number];
    shapes.push([kh, kw, i, o]);
    values.push(outerToLast(kernel, o));
  } else if (kind === 'depthwiseConv2d') {
    // TFLite [1, kh, kw, c·mult] (channel c·mult + m) is Keras [kh, kw, c, mult] in the same memory order.
    const [, kh, kw, cm] = w.shape as [number, number, number, number];
    const input = sg.tensors[op.inputs[0]!]!;
    const c = input.shape[3]!;
    shapes.push([kh, kw, c, cm / c]);
    values.push(kernel);
  } else {
    // TFLite [out, in] → Keras [in, out].
    const [out, inp] = w.shape as [number, number];
    shapes.push([inp, out]);
    values.push(outerToLast(kernel, out));
  }
  const b = op.inputs[2] ?? -1;
  if (b >= 0) {
    const bias = sg.tensors[b]!;
    values.push(floatData(model, bias, `layer ${JSON.stringify(layer)}: the bias`));
    shapes.push([values[1]!.length]);
  }
  return { shapes, values };
}

/**
 * The float weights of an imported .tflite model, by IR node name, in the Keras layouts that
 * `@cnn-analyzer/builders` and the quantizer use (conv `[kh, kw, cin/groups, cout]`, depthwise
 * `[kh, kw, c, mult]`, dense `[in, out]`, bias `[cout]`). BatchNorm was folded by the converter, so a
 * conv's weights are its folded kernel and bias; no BatchNorm parameters are invented. Quantized
 * (INT8) weights are dequantized.
 */
export function tfliteWeights(model: TfliteModel, imported: ImportedGraph): Map<string, LayerWeights> {
  const sg = model.subgraphs[0]!;
  const producer = new Map<number, TfliteOperator>();
  for (const op of sg.operators) producer.set(op.outputs[0]!, op);
  const out = new Map<string, LayerWeights>();
  for (const node of imported.graph.nodes) {
    if (!HOSTS.has(node.op)) continue;
    const index = imported.tensorIndex[node.outputs[0]!];
    const op = index === undefined ? undefined : producer.get(index);
    if (!op) throw new TfliteImportError(`layer ${JSON.stringify(node.name)} has no operator in the file that writes its output (expected the graph of this file)`, node.name);
    out.set(node.name, kerasWeights(model, op, node.op, node.name));
  }
  return out;
}

/** Every layer of `graph` that needs weights has them, with the element counts its shapes give. */
export function checkWeights(graph: LayerGraph, weights: ReadonlyMap<string, LayerWeights>): void {
  for (const node of graph.nodes) {
    if (!HOSTS.has(node.op) && node.op !== 'batchNorm') continue;
    const w = weights.get(node.name);
    if (!w) throw new TfliteImportError(`layer ${JSON.stringify(node.name)} (${node.op}) has no weights (expected weights for every conv, depthwise, dense and BatchNorm layer)`, node.name);
    w.values.forEach((v, i) => {
      const n = w.shapes[i]!.reduce((a, b) => a * b, 1);
      if (v.length !== n) throw new TfliteImportError(`layer ${JSON.stringify(node.name)}: weight ${i} has ${v.length} values for shape [${w.shapes[i]}] (expected ${n})`, node.name);
    });
  }
}
