import { CnnAnalyzerError, type AnyOpNode, type LayerGraph, type OpType, type Shape } from '@cnn-analyzer/arch-spec';
import { LOWERINGS, type LoweringContext, type LoweredOp, type OpLowering } from './lowerings.js';
import type { DeployOptions, DeployedGraph, DeployedOp, DeployedTensor, FusedActivation, QuantRule } from './types.js';

interface MutableOp extends Omit<DeployedOp, 'fused' | 'activation' | 'outputs' | 'weights'> {
  fused: string[];
  activation: FusedActivation;
  outputs: string[];
  weights?: { node: string; batchNorm?: string; outStart: number; outCount: number };
}

/**
 * Lower a layer graph to the operators its int8 TFLite model runs, as TensorFlow's converter and TFLM do:
 * BatchNorm folded into the conv / depthwise / dense before it, ReLU/ReLU6 fused into the operator before it
 * (conv, depthwise, dense, ADD) when that operator's output has no other reader, dropout gone, reshape and flatten
 * in place, and multi-operator lowerings (grouped conv, channel shuffle, hard-sigmoid) spelled out with their
 * intermediate tensors and constants. Pure: JSON in, JSON out.
 */
export function deployGraph(graph: LayerGraph, options: DeployOptions = {}): DeployedGraph {
  const nodeByName = new Map(graph.nodes.map((n) => [n.name, n]));
  const readers = new Map<string, number>();
  for (const n of graph.nodes) for (const t of n.inputs) readers.set(t, (readers.get(t) ?? 0) + 1);
  for (const t of graph.outputs) readers.set(t, (readers.get(t) ?? 0) + 1);

  const tensors = new Map<string, DeployedTensor>();
  const ops: MutableOp[] = [];
  const producer = new Map<string, number[]>(); // deployed tensor → ops of one source writing it (the last one last)
  const tensorOf = new Map<string, string>();
  const opsOf = new Map<string, number[]>();
  const rename = new Map<string, string>();

  const addActivation = (id: string, shape: Shape, quant: QuantRule, aliasOf?: string): string => {
    tensors.set(id, { id, shape: [...shape], kind: 'activation', dtype: 'int8', quant, ...(aliasOf !== undefined ? { aliasOf } : {}) });
    return id;
  };
  const inputShape = (t: string): Shape => graph.tensors[t]!.shape;

  let modelInputs = graph.inputs.map((t) => {
    tensorOf.set(t, t);
    return addActivation(t, inputShape(t), { rule: 'calibrated' });
  });

  for (const node of graph.nodes) {
    const lowering = LOWERINGS[node.op] as OpLowering<OpType>;
    const first = node.inputs[0] !== undefined ? tensorOf.get(node.inputs[0]) : undefined;
    if (lowering.drops) {
      node.outputs.forEach((t) => tensorOf.set(t, first!));
      opsOf.set(node.name, []);
      continue;
    }
    if (lowering.fuses && first !== undefined && tryFuse(node, lowering.fuses, first)) continue;

    const start = ops.length;
    const ctx: LoweringContext = {
      inputCount: node.inputs.length,
      input: (i) => tensorOf.get(node.inputs[i]!)!,
      shape: (id) => tensors.get(id)!.shape,
      output(i, quant = { rule: 'calibrated' }, aliasOf) {
        const t = node.outputs[i]!;
        tensorOf.set(t, t);
        return addActivation(t, graph.tensors[t]!.shape, quant, aliasOf);
      },
      intermediate: (id, shape, quant, aliasOf?: string) => addActivation(id, shape, quant, aliasOf),
      constant(t) {
        tensors.set(t.id, { ...t, kind: 'constant' });
        return t.id;
      },
      int32(id, values, shape = [values.length]) {
        tensors.set(id, { id, shape: [...shape], kind: 'constant', dtype: 'int32', role: 'int32', values: [...values] });
        return id;
      },
      op(o: LoweredOp) {
        ops.push({
          name: o.name,
          builtin: o.builtin,
          source: node.name,
          fused: [],
          activation: 'NONE',
          inputs: [...o.inputs],
          outputs: [...o.outputs],
          kernelClass: o.kernelClass,
          inPlace: o.inPlace ?? false,
          macs: o.macs ?? 0,
          params: o.params ?? 0,
          ...(o.weights ? { weights: { ...o.weights } } : {}),
          ...(o.window ? { window: o.window } : {}),
        });
      },
    };
    try {
      (lowering.lower as (n: AnyOpNode, c: LoweringContext) => void)(node, ctx);
    } catch (e) {
      if (e instanceof CnnAnalyzerError) throw e;
      throw new CnnAnalyzerError(`${graph.name}: ${(e as Error).message}`, `nodes.${node.name}`, node.op);
    }
    const mine = Array.from({ length: ops.length - start }, (_, k) => start + k);
    opsOf.set(node.name, mine);
    for (const i of mine) for (const t of ops[i]!.outputs) producer.set(t, mine);
  }

  /** Fuse a BatchNorm or activation into the operator(s) that wrote its input; false when TFLite cannot. */
  function tryFuse(node: AnyOpNode, kind: 'batchNorm' | 'activation', input: string): boolean {
    const writers = producer.get(input);
    if (!writers || readers.get(node.inputs[0]!) !== 1) return false;
    const last = ops[writers[writers.length - 1]!]!;
    if (last.outputs.length !== 1 || last.outputs[0] !== input) return false;
    const host = nodeByName.get(last.source)!;
    const hosts = (LOWERINGS[host.op] as OpLowering<OpType>).hosts;
    // The operators that carry the fusion: every MAC part of a grouped conv, or the single operator.
    const carriers = writers.map((i) => ops[i]!).filter((o) => o.weights !== undefined || writers.length === 1);
    if (kind === 'batchNorm' && (!hosts?.batchNorm || carriers.some((o) => o.activation !== 'NONE' || o.weights?.batchNorm !== undefined))) return false;
    if (kind === 'activation' && (!hosts?.activation || carriers.some((o) => o.activation !== 'NONE'))) return false;
    for (const o of carriers) {
      o.fused.push(node.name);
      if (kind === 'batchNorm') o.weights!.batchNorm = node.name;
      else o.activation = node.op === 'relu6' ? 'RELU6' : 'RELU';
    }
    if (carriers.length > 1) last.fused.push(node.name);
    // The fused output takes the last fused layer's tensor name, as the converter names it.
    const out = node.outputs[0]!;
    rename.set(input, out);
    tensorOf.set(out, input);
    opsOf.set(node.name, [...writers]);
    return true;
  }

  // Apply the renames of fused outputs.
  const final = (id: string): string => {
    let r = id;
    while (rename.has(r)) r = rename.get(r)!;
    return r;
  };
  const renameQuant = (q: QuantRule | undefined): QuantRule | undefined => {
    if (!q) return q;
    if (q.rule === 'shared') return { rule: 'shared', with: final(q.with) };
    if (q.rule === 'hardSigmoid') return { ...q, of: final(q.of) };
    return q;
  };
  const outTensors: Record<string, DeployedTensor> = {};
  for (const t of tensors.values()) {
    const id = final(t.id);
    const quant = renameQuant(t.quant);
    outTensors[id] = { ...t, id, ...(quant ? { quant } : {}), ...(t.aliasOf !== undefined ? { aliasOf: final(t.aliasOf) } : {}) };
  }
  // Alias chains point at the buffer's first tensor.
  for (const t of Object.values(outTensors)) {
    if (t.aliasOf === undefined) continue;
    let root = t.aliasOf;
    while (outTensors[root]!.aliasOf !== undefined) root = outTensors[root]!.aliasOf!;
    outTensors[t.id] = { ...t, aliasOf: root };
  }
  let deployedOps: DeployedOp[] = ops.map((o) => ({ ...o, inputs: o.inputs.map(final), outputs: o.outputs.map(final) }));
  let modelOutputs = graph.outputs.map((t) => final(tensorOf.get(t)!));
  const irMap: Record<string, string> = {};
  for (const [t, d] of tensorOf) irMap[t] = final(d);

  if (options.floatIO) {
    const quantize = modelInputs.map((t) => {
      const f = `${t}/float`;
      outTensors[f] = { id: f, shape: outTensors[t]!.shape, kind: 'activation', dtype: 'float32' };
      return { name: `${t}/quantize`, builtin: 'QUANTIZE', source: t, fused: [], activation: 'NONE', inputs: [f], outputs: [t], kernelClass: 'elementwise', inPlace: false, macs: 0, params: 0 } satisfies DeployedOp;
    });
    const dequantize = modelOutputs.map((t) => {
      const f = `${t}/float`;
      outTensors[f] = { id: f, shape: outTensors[t]!.shape, kind: 'activation', dtype: 'float32' };
      return { name: `${t}/dequantize`, builtin: 'DEQUANTIZE', source: t, fused: [], activation: 'NONE', inputs: [t], outputs: [f], kernelClass: 'elementwise', inPlace: false, macs: 0, params: 0 } satisfies DeployedOp;
    });
    const shift = quantize.length;
    for (const [k, v] of opsOf) opsOf.set(k, v.map((i) => i + shift));
    deployedOps = [...quantize, ...deployedOps, ...dequantize];
    modelInputs = quantize.map((q) => q.inputs[0]!);
    modelOutputs = dequantize.map((d) => d.outputs[0]!);
  }

  return {
    name: graph.name,
    inputs: modelInputs,
    outputs: modelOutputs,
    tensors: outTensors,
    ops: deployedOps,
    tensorOf: irMap,
    opsOf: Object.fromEntries(opsOf),
  };
}
