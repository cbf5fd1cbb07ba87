import { CnnAnalyzerError, type AnyOpNode, type LayerGraph, type OpType, type Shape } from '@cnn-analyzer/arch-spec';
import { LOWERINGS, type LoweringContext, type LoweredOp, type OpLowering } from './lowerings.js';
import type { DeployOptions, DeployedGraph, DeployedOp, DeployedTensor, QuantRule } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableOp = Mutable<Omit<DeployedOp, 'fused' | 'inputs' | 'outputs' | 'weights'>> & {
  fused: string[];
  inputs: string[];
  outputs: string[];
  weights?: { node: string; batchNorm?: string; outStart: number; outCount: number };
};
type MutableTensor = Mutable<DeployedTensor>;

/**
 * The state of one lowering walk, and the {@link LoweringContext} every layer's lowering sees (one object for the
 * whole walk: `node` is the layer being lowered).
 */
class Walk implements LoweringContext {
  node!: AnyOpNode;
  readonly tensors = new Map<string, MutableTensor>();
  readonly ops: MutableOp[] = [];
  /** The IR layer's op type of each operator. */
  readonly sourceOps: OpType[] = [];
  /** Deployed tensor → the operators of one source writing it (the last one last). */
  readonly producer = new Map<string, readonly number[]>();
  readonly tensorOf = new Map<string, string>();
  readonly opsOf = new Map<string, number[]>();
  readonly rename = new Map<string, string>();
  /** Tensors that name others (a shared or hard-sigmoid quantization rule, an alias): what the renames must revisit. */
  readonly linked: MutableTensor[] = [];

  constructor(readonly graph: LayerGraph) {}

  get inputCount(): number {
    return this.node.inputs.length;
  }
  input(i: number): string {
    return this.tensorOf.get(this.node.inputs[i]!)!;
  }
  shape(id: string): Shape {
    return this.tensors.get(id)!.shape;
  }
  activation(id: string, shape: Shape, quant: QuantRule, aliasOf?: string): string {
    // A frozen shape (the IR's) is shared; any other is copied.
    const t: MutableTensor = { id, shape: Object.isFrozen(shape) ? shape : shape.slice(), kind: 'activation', dtype: 'int8', quant };
    if (aliasOf !== undefined) t.aliasOf = aliasOf;
    if (aliasOf !== undefined || quant.rule === 'shared' || quant.rule === 'hardSigmoid') this.linked.push(t);
    this.tensors.set(id, t);
    return id;
  }
  output(i: number, quant: QuantRule = { rule: 'calibrated' }, aliasOf?: string): string {
    const t = this.node.outputs[i]!;
    this.tensorOf.set(t, t);
    return this.activation(t, this.graph.tensors[t]!.shape, quant, aliasOf);
  }
  intermediate(id: string, shape: Shape, quant: QuantRule, aliasOf?: string): string {
    return this.activation(id, shape, quant, aliasOf);
  }
  constant(t: Omit<DeployedTensor, 'kind'>): string {
    // The lowering's fresh object becomes the deployed tensor (a copy by spread costs more than the rest of the walk).
    const c = t as MutableTensor;
    c.kind = 'constant';
    if (c.quant !== undefined || c.aliasOf !== undefined) this.linked.push(c);
    this.tensors.set(c.id, c);
    return c.id;
  }
  int32(id: string, values: readonly number[], shape: readonly number[] = [values.length]): string {
    // The lowering's fresh arrays become the tensor's.
    this.tensors.set(id, { id, shape, kind: 'constant', dtype: 'int32', role: 'int32', values });
    return id;
  }
  op(o: LoweredOp): void {
    const op: MutableOp = {
      name: o.name,
      builtin: o.builtin,
      source: this.node.name,
      fused: [],
      activation: 'NONE',
      inputs: o.inputs.slice(),
      outputs: o.outputs.slice(),
      kernelClass: o.kernelClass,
      inPlace: o.inPlace ?? false,
      macs: o.macs ?? 0,
      params: o.params ?? 0,
    };
    const ws = o.weights;
    if (ws) op.weights = ws.batchNorm === undefined ? { node: ws.node, outStart: ws.outStart, outCount: ws.outCount } : { ...ws };
    if (o.window) op.window = o.window;
    this.ops.push(op);
    this.sourceOps.push(this.node.op);
  }
}

/**
 * Lower a layer graph to the operators its int8 TFLite model runs, as TensorFlow's converter and TFLM do:
 * BatchNorm folded into the conv / depthwise / dense before it, ReLU/ReLU6 fused into the operator before it
 * (conv, depthwise, dense, ADD) when that operator's output has no other reader, dropout gone, reshape and flatten
 * in place, and multi-operator lowerings (grouped conv, channel shuffle, hard-sigmoid) spelled out with their
 * intermediate tensors and constants. Pure: JSON in, JSON out.
 */
export function deployGraph(graph: LayerGraph, options: DeployOptions = {}): DeployedGraph {
  const readers = new Map<string, number>();
  for (const n of graph.nodes) for (const t of n.inputs) readers.set(t, (readers.get(t) ?? 0) + 1);
  for (const t of graph.outputs) readers.set(t, (readers.get(t) ?? 0) + 1);

  const w = new Walk(graph);
  const { tensors, ops, producer, tensorOf, opsOf, rename } = w;

  let modelInputs = graph.inputs.map((t) => {
    tensorOf.set(t, t);
    return w.activation(t, graph.tensors[t]!.shape, { rule: 'calibrated' });
  });

  for (const node of graph.nodes) {
    const lowering = LOWERINGS[node.op] as OpLowering<OpType>;
    const first = node.inputs[0] !== undefined ? tensorOf.get(node.inputs[0]) : undefined;
    if (lowering.drops) {
      for (const t of node.outputs) tensorOf.set(t, first!);
      opsOf.set(node.name, []);
      continue;
    }
    if (lowering.fuses && first !== undefined && tryFuse(node, lowering.fuses, first)) continue;

    const start = ops.length;
    w.node = node;
    try {
      (lowering.lower as (n: AnyOpNode, c: LoweringContext) => void)(node, w);
    } catch (e) {
      if (e instanceof CnnAnalyzerError) throw e;
      throw new CnnAnalyzerError(`${graph.name}: ${(e as Error).message}`, `nodes.${node.name}`, node.op);
    }
    const mine: number[] = [];
    for (let i = start; i < ops.length; i++) mine.push(i);
    opsOf.set(node.name, mine);
    for (let i = start; i < ops.length; i++) for (const t of ops[i]!.outputs) producer.set(t, mine);
  }

  /** Fuse a BatchNorm or activation into the operator(s) that wrote its input; false when TFLite cannot. */
  function tryFuse(node: AnyOpNode, kind: 'batchNorm' | 'activation', input: string): boolean {
    const writers = producer.get(input);
    if (!writers || readers.get(node.inputs[0]!) !== 1) return false;
    const lastIndex = writers[writers.length - 1]!;
    const last = ops[lastIndex]!;
    if (last.outputs.length !== 1 || last.outputs[0] !== input) return false;
    const hosts = (LOWERINGS[w.sourceOps[lastIndex]!] as OpLowering<OpType>).hosts;
    if (kind === 'batchNorm' ? !hosts?.batchNorm : !hosts?.activation) return false;
    // The operators that carry the fusion: every MAC part of a grouped conv, or the single operator.
    const carriers: MutableOp[] = [];
    for (const i of writers) {
      const o = ops[i]!;
      if (o.weights === undefined && writers.length !== 1) continue;
      if (o.activation !== 'NONE' || (kind === 'batchNorm' && o.weights?.batchNorm !== undefined)) return false;
      carriers.push(o);
    }
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
    opsOf.set(node.name, writers.slice());
    return true;
  }

  const { outTensors, irMap } = renamed(w);
  let deployedOps: DeployedOp[] = ops;
  let modelOutputs = graph.outputs.map((t) => irMap[t]!);

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
    for (const v of opsOf.values()) for (let i = 0; i < v.length; i++) v[i]! += shift;
    deployedOps = [...quantize, ...deployedOps, ...dequantize];
    modelInputs = quantize.map((q) => q.inputs[0]!);
    modelOutputs = dequantize.map((d) => d.outputs[0]!);
  }

  const opsOfRecord: Record<string, readonly number[]> = {};
  for (const [k, v] of opsOf) opsOfRecord[k] = v;
  return { name: graph.name, inputs: modelInputs, outputs: modelOutputs, tensors: outTensors, ops: deployedOps, tensorOf: irMap, opsOf: opsOfRecord };
}

/**
 * The walk's tensors, operators and IR map with the renames of fused outputs applied (in place: every object is the
 * walk's own), alias chains pointing at their buffer's first tensor.
 */
function renamed(w: Walk): { outTensors: Record<string, DeployedTensor>; irMap: Record<string, string> } {
  const { rename } = w;
  const any = rename.size > 0;
  const final = (id: string): string => {
    let r = id;
    for (let next = rename.get(r); next !== undefined; next = rename.get(r)) r = next;
    return r;
  };
  const outTensors: Record<string, MutableTensor> = {};
  for (const t of w.tensors.values()) {
    if (any && rename.has(t.id)) t.id = final(t.id);
    outTensors[t.id] = t;
  }
  for (const t of w.linked) {
    if (any) {
      const q = t.quant;
      if (q?.rule === 'shared') {
        const to = final(q.with);
        if (to !== q.with) t.quant = { rule: 'shared', with: to };
      } else if (q?.rule === 'hardSigmoid') {
        const to = final(q.of);
        if (to !== q.of) t.quant = { rule: 'hardSigmoid', stage: q.stage, of: to };
      }
      if (t.aliasOf !== undefined) {
        const to = final(t.aliasOf);
        if (to !== t.aliasOf) t.aliasOf = to;
      }
    }
  }
  // Alias chains point at the buffer's first tensor.
  for (const t of w.linked) {
    if (t.aliasOf === undefined) continue;
    let root = t.aliasOf;
    while (outTensors[root]!.aliasOf !== undefined) root = outTensors[root]!.aliasOf!;
    if (root !== t.aliasOf) t.aliasOf = root;
  }
  if (any) {
    for (const o of w.ops) {
      for (let i = 0; i < o.inputs.length; i++) if (rename.has(o.inputs[i]!)) o.inputs[i] = final(o.inputs[i]!);
      for (let i = 0; i < o.outputs.length; i++) if (rename.has(o.outputs[i]!)) o.outputs[i] = final(o.outputs[i]!);
    }
  }
  const irMap: Record<string, string> = {};
  for (const [t, d] of w.tensorOf) irMap[t] = any ? final(d) : d;
  return { outTensors, irMap };
}
