import { elementCount, type OpNode, type OpType, type Shape } from '@cnn-analyzer/arch-spec';
import type { DeployedTensor, KernelClass, QuantRule, TfliteBuiltin, WeightSource, Window } from './types.js';

/** What a lowering can ask of the walk: the layer's operands as deployed tensors, and ways to add tensors and operators. */
export interface LoweringContext {
  /** Deployed tensor id of the layer's `i`-th input. */
  input(i: number): string;
  /** Number of inputs of the layer. */
  readonly inputCount: number;
  /** Shape (no batch axis) of a deployed activation tensor. */
  shape(id: string): Shape;
  /** Declare the layer's `i`-th output (named as the IR tensor) with the given quantization rule; returns its id. */
  output(i: number, quant?: QuantRule, aliasOf?: string): string;
  /** An activation tensor that exists only inside this layer's lowering. */
  intermediate(id: string, shape: Shape, quant: QuantRule, aliasOf?: string): string;
  /**
   * A constant tensor (shape as stored, batch axis included where the file has one). The object becomes the deployed
   * tensor (`kind` is added to it): pass a fresh one.
   */
  constant(tensor: Omit<DeployedTensor, 'kind'>): string;
  /** An int32 parameter constant (its arrays become the tensor's: pass fresh ones). */
  int32(id: string, values: readonly number[], shape?: readonly number[]): string;
  /** Append an operator. */
  op(op: LoweredOp): void;
}

/** An operator as a lowering emits it; the walk adds fusions and the source layer. */
export interface LoweredOp {
  readonly name: string;
  readonly builtin: TfliteBuiltin;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly kernelClass: KernelClass;
  readonly macs?: number;
  readonly params?: number;
  readonly inPlace?: boolean;
  readonly weights?: WeightSource;
  readonly window?: Window;
}

/** How one op type deploys. */
export interface OpLowering<T extends OpType> {
  /** A BatchNorm (`batchNorm`) or ReLU/ReLU6 (`activation`) that fuses into the operator before it when it can. */
  readonly fuses?: 'batchNorm' | 'activation';
  /** What this op's operator can absorb after it. */
  readonly hosts?: { readonly batchNorm?: boolean; readonly activation?: boolean };
  /** The layer disappears: its output is its input (dropout at inference). */
  readonly drops?: boolean;
  /** Emit the layer's operators (for a fusing op: when it could not be fused). */
  lower(node: OpNode<T>, ctx: LoweringContext): void;
}

/**
 * Names of a layer's parts (`<layer>/<part>`), kept across calls: a search lowers thousands of variations whose layers
 * share names, and an old string comes back hashed and internalized, where a new one is built, hashed and internalized
 * again for every map and record it keys. Bounded: cleared past {@link MAX_NAMED_LAYERS} layers.
 */
const partNames = new Map<string, Map<string, string>>();
const MAX_NAMED_LAYERS = 1 << 13;
function sub(layer: string, part: string): string {
  let parts = partNames.get(layer);
  if (parts === undefined) {
    if (partNames.size >= MAX_NAMED_LAYERS) partNames.clear();
    parts = new Map();
    partNames.set(layer, parts);
  }
  let name = parts.get(part);
  if (name === undefined) {
    name = `${layer}/${part}`;
    parts.set(part, name);
  }
  return name;
}
const groupNames: string[] = [];
const group = (j: number): string => (groupNames[j] ??= `group${j}`);

const calibrated: QuantRule = { rule: 'calibrated' };
const sharedWith = (id: string): QuantRule => ({ rule: 'shared', with: id });
const withBatch = (s: Shape): number[] => [1, ...s];

/** One int8 tensor in, one out: activations and the like. */
function unary(builtin: TfliteBuiltin, kernelClass: KernelClass, quant: (input: string) => QuantRule = () => calibrated): OpLowering<OpType> {
  return {
    lower(node, ctx) {
      const input = ctx.input(0);
      ctx.op({ name: node.name, builtin, inputs: [input], outputs: [ctx.output(0, quant(input))], kernelClass });
    },
  };
}

function weightsOf(node: OpNode<'conv2d' | 'depthwiseConv2d' | 'dense'>, outStart: number, outCount: number): WeightSource {
  return { node: node.name, outStart, outCount };
}

const conv2d: OpLowering<'conv2d'> = {
  hosts: { batchNorm: true, activation: true },
  lower(node, ctx) {
    const a = node.attrs;
    const input = ctx.input(0);
    const [h, w, cin] = ctx.shape(input) as [number, number, number];
    const [kh, kw] = a.kernelSize;
    const cls: KernelClass = kh * kw === 1 ? 'pointwise' : 'conv';
    const g = a.groups;
    const cg = a.filters / g;
    const convPart = (name: string, from: string, to: string, outStart: number): void => {
      const [oh, ow] = ctx.shape(to) as [number, number, number];
      const weights = ctx.constant({ id: sub(name, 'weights'), shape: [cg, kh, kw, cin / g], dtype: 'int8', role: 'weights', quantChannels: cg, quantAxis: 0 });
      const bias = ctx.constant({ id: sub(name, 'bias'), shape: [cg], dtype: 'int32', role: 'bias', quantChannels: cg, quantAxis: 0 });
      const macs = kh * kw * (cin / g) * oh * ow * cg;
      const window = { size: a.kernelSize, strides: a.strides, padding: a.padding } as const;
      ctx.op({ name, builtin: 'CONV_2D', inputs: [from, weights, bias], outputs: [to], kernelClass: cls, macs, params: cg * kh * kw * (cin / g) + cg, weights: weightsOf(node, outStart, cg), window });
    };
    if (g === 1) {
      convPart(node.name, input, ctx.output(0), 0);
      return;
    }
    // TFLite has no grouped convolution: SPLIT → one CONV_2D per group → CONCATENATION, as the converter lowers it.
    const out = ctx.output(0);
    const [oh, ow] = ctx.shape(out) as [number, number, number];
    const axis = ctx.int32(sub(node.name, 'split_axis'), [3], []);
    const parts = Array.from({ length: g }, (_, j) => ctx.intermediate(sub(sub(node.name, group(j)), 'in'), [h, w, cin / g], sharedWith(input)));
    ctx.op({ name: sub(node.name, 'split'), builtin: 'SPLIT', inputs: [axis, input], outputs: parts, kernelClass: 'movement' });
    const outs = parts.map((p, j) => {
      const o = ctx.intermediate(sub(sub(node.name, group(j)), 'out'), [oh, ow, cg], sharedWith(out));
      convPart(sub(node.name, group(j)), p, o, j * cg);
      return o;
    });
    ctx.op({ name: sub(node.name, 'concat'), builtin: 'CONCATENATION', inputs: outs, outputs: [out], kernelClass: 'movement' });
  },
};

const depthwiseConv2d: OpLowering<'depthwiseConv2d'> = {
  hosts: { batchNorm: true, activation: true },
  lower(node, ctx) {
    const input = ctx.input(0);
    const out = ctx.output(0);
    const [oh, ow, cout] = ctx.shape(out) as [number, number, number];
    const [kh, kw] = node.attrs.kernelSize;
    const weights = ctx.constant({ id: sub(node.name, 'weights'), shape: [1, kh, kw, cout], dtype: 'int8', role: 'weights', quantChannels: cout, quantAxis: 3 });
    const bias = ctx.constant({ id: sub(node.name, 'bias'), shape: [cout], dtype: 'int32', role: 'bias', quantChannels: cout, quantAxis: 0 });
    ctx.op({ name: node.name, builtin: 'DEPTHWISE_CONV_2D', inputs: [input, weights, bias], outputs: [out], kernelClass: 'depthwise', macs: kh * kw * oh * ow * cout, params: kh * kw * cout + cout, weights: weightsOf(node, 0, cout), window: { size: node.attrs.kernelSize, strides: node.attrs.strides, padding: node.attrs.padding } });
  },
};

const dense: OpLowering<'dense'> = {
  hosts: { batchNorm: true, activation: true },
  lower(node, ctx) {
    const input = ctx.input(0);
    const inShape = ctx.shape(input);
    const inner = inShape[inShape.length - 1]!;
    const units = node.attrs.units;
    const out = ctx.output(0);
    // A per-tensor filter: TFLite's FULLY_CONNECTED reads one weight scale and a per-tensor bias scale.
    const weights = ctx.constant({ id: sub(node.name, 'weights'), shape: [units, inner], dtype: 'int8', role: 'weights', quantChannels: 1, quantAxis: 0 });
    const bias = ctx.constant({ id: sub(node.name, 'bias'), shape: [units], dtype: 'int32', role: 'bias', quantChannels: 1, quantAxis: 0 });
    const positions = elementCount(ctx.shape(out)) / units;
    ctx.op({ name: node.name, builtin: 'FULLY_CONNECTED', inputs: [input, weights, bias], outputs: [out], kernelClass: 'dense', macs: inner * units * positions, params: inner * units + units, weights: weightsOf(node, 0, units) });
  },
};

const activation = (builtin: 'RELU' | 'RELU6'): OpLowering<'relu' | 'relu6'> => ({ fuses: 'activation', ...unary(builtin, 'elementwise') });

const reshapeLike: OpLowering<'reshape' | 'flatten'> = {
  lower(node, ctx) {
    const input = ctx.input(0);
    const out = ctx.output(0, sharedWith(input), input);
    const shape = ctx.int32(sub(node.name, 'shape'), withBatch(ctx.shape(out)));
    ctx.op({ name: node.name, builtin: 'RESHAPE', inputs: [input, shape], outputs: [out], kernelClass: 'movement', inPlace: true });
  },
};

const pool = (builtin: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D'): OpLowering<'averagePool' | 'maxPool'> => ({
  lower(node, ctx) {
    const input = ctx.input(0);
    const a = node.attrs;
    ctx.op({ name: node.name, builtin, inputs: [input], outputs: [ctx.output(0, sharedWith(input))], kernelClass: 'pool', window: { size: a.poolSize, strides: a.strides, padding: a.padding } });
  },
});

/**
 * The lowering of every op type to TFLite builtins: the compiler names any op type left out. Each entry says what
 * fuses into what and which operators, tensors and constants the layer becomes — the facts the exporter, the memory
 * planner and the latency models all read.
 */
export const LOWERINGS: { readonly [T in OpType]: OpLowering<T> } = {
  conv2d,
  depthwiseConv2d,
  dense,
  batchNorm: {
    fuses: 'batchNorm',
    lower(node) {
      throw new Error(`layer ${JSON.stringify(node.name)}: a BatchNorm must follow a conv, depthwise conv or dense layer to be folded`);
    },
  },
  relu: activation('RELU'),
  relu6: activation('RELU6'),
  hardSwish: unary('HARD_SWISH', 'elementwise'),
  sigmoid: unary('LOGISTIC', 'elementwise', () => ({ rule: 'probability' })),
  softmax: unary('SOFTMAX', 'softmax', () => ({ rule: 'probability' })),
  hardSigmoid: {
    // No HARD_SIGMOID builtin: ReLU6(x + 3) / 6 as ADD (constant 3) → RELU6 → MUL (constant 1/6).
    lower(node, ctx) {
      const input = ctx.input(0);
      const shape = ctx.shape(input);
      const three = ctx.constant({ id: sub(node.name, 'three'), shape: [1], dtype: 'int8', role: 'scalar', quantChannels: 1, quantAxis: 0, value: 3 });
      const sixth = ctx.constant({ id: sub(node.name, 'one_sixth'), shape: [1], dtype: 'int8', role: 'scalar', quantChannels: 1, quantAxis: 0, value: 1 / 6 });
      const shifted = ctx.intermediate(sub(node.name, 'plus3'), shape, { rule: 'hardSigmoid', stage: 'shifted', of: input });
      ctx.op({ name: sub(node.name, 'add'), builtin: 'ADD', inputs: [input, three], outputs: [shifted], kernelClass: 'elementwise' });
      const clipped = ctx.intermediate(sub(node.name, 'relu6'), shape, { rule: 'hardSigmoid', stage: 'clipped', of: input });
      ctx.op({ name: sub(node.name, 'relu6'), builtin: 'RELU6', inputs: [shifted], outputs: [clipped], kernelClass: 'elementwise' });
      ctx.op({ name: node.name, builtin: 'MUL', inputs: [clipped, sixth], outputs: [ctx.output(0)], kernelClass: 'elementwise' });
    },
  },
  add: {
    hosts: { activation: true },
    lower(node, ctx) {
      const inputs = Array.from({ length: ctx.inputCount }, (_, i) => ctx.input(i));
      ctx.op({ name: node.name, builtin: 'ADD', inputs, outputs: [ctx.output(0)], kernelClass: 'elementwise' });
    },
  },
  multiply: {
    lower(node, ctx) {
      const inputs = Array.from({ length: ctx.inputCount }, (_, i) => ctx.input(i));
      ctx.op({ name: node.name, builtin: 'MUL', inputs, outputs: [ctx.output(0)], kernelClass: 'elementwise' });
    },
  },
  concat: {
    lower(node, ctx) {
      const inputs = Array.from({ length: ctx.inputCount }, (_, i) => ctx.input(i));
      ctx.op({ name: node.name, builtin: 'CONCATENATION', inputs, outputs: [ctx.output(0)], kernelClass: 'movement' });
    },
  },
  channelSplit: {
    lower(node, ctx) {
      const input = ctx.input(0);
      const outs = Array.from({ length: node.attrs.parts }, (_, i) => ctx.output(i, sharedWith(input)));
      const axis = ctx.int32(sub(node.name, 'axis'), [ctx.shape(input).length], []);
      ctx.op({ name: node.name, builtin: 'SPLIT', inputs: [axis, input], outputs: outs, kernelClass: 'movement' });
    },
  },
  channelShuffle: {
    // RESHAPE to [..., g, C/g] → TRANSPOSE the last two axes → RESHAPE back; the reshapes run in place.
    lower(node, ctx) {
      const input = ctx.input(0);
      const s = ctx.shape(input);
      const g = node.attrs.groups;
      const grouped = [...s.slice(0, -1), g, s.at(-1)! / g];
      const a = ctx.intermediate(sub(node.name, 'grouped'), grouped, sharedWith(input), input);
      ctx.op({ name: sub(node.name, 'reshape'), builtin: 'RESHAPE', inputs: [input, ctx.int32(sub(node.name, 'shape1'), withBatch(grouped))], outputs: [a], kernelClass: 'movement', inPlace: true });
      const swapped = [...grouped.slice(0, -2), grouped.at(-1)!, grouped.at(-2)!];
      const b = ctx.intermediate(sub(node.name, 'transposed'), swapped, sharedWith(input));
      const rank = grouped.length + 1;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      ctx.op({ name: sub(node.name, 'transpose'), builtin: 'TRANSPOSE', inputs: [a, ctx.int32(sub(node.name, 'perm'), perm)], outputs: [b], kernelClass: 'movement' });
      const shape2 = ctx.int32(sub(node.name, 'shape2'), withBatch(s));
      ctx.op({ name: node.name, builtin: 'RESHAPE', inputs: [b, shape2], outputs: [ctx.output(0, sharedWith(input), b)], kernelClass: 'movement', inPlace: true });
    },
  },
  globalAveragePool: {
    lower(node, ctx) {
      const input = ctx.input(0);
      const axes = ctx.int32(sub(node.name, 'axes'), [1, 2]);
      ctx.op({ name: node.name, builtin: 'MEAN', inputs: [input, axes], outputs: [ctx.output(0)], kernelClass: 'pool' });
    },
  },
  averagePool: pool('AVERAGE_POOL_2D'),
  maxPool: pool('MAX_POOL_2D'),
  reshape: reshapeLike,
  flatten: reshapeLike,
  dropout: {
    drops: true,
    lower() {
      /* dropped at inference: the walk maps its output onto its input */
    },
  },
  zeroPadding: {
    lower(node, ctx) {
      const input = ctx.input(0);
      const [[t, b], [l, r]] = node.attrs.padding;
      const paddings = ctx.int32(sub(node.name, 'paddings'), [0, 0, t, b, l, r, 0, 0], [4, 2]);
      ctx.op({ name: node.name, builtin: 'PAD', inputs: [input, paddings], outputs: [ctx.output(0, sharedWith(input))], kernelClass: 'movement' });
    },
  },
};
