import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { ModelAssembler } from './model-assembler.js';
import type { DeployedOp } from './deploy-ops.js';
import { activationParams, quantizeBias, quantizeSymmetric, type ActivationParams } from './qparams.js';

/** What emitting one op needs: the assembler, tensor indices by IR name, and activation parameters. */
export interface EmitContext {
  readonly m: ModelAssembler;
  readonly index: Map<string, number>;
  readonly params: ReadonlyMap<string, ActivationParams>;
  /** IR shape (no batch axis) of a tensor. */
  shape(t: string): readonly number[];
}

const PADDING = { same: 0, valid: 1 } as const;
const withBatch = (s: readonly number[]): number[] => [1, ...s];

function activationTensor(ctx: EmitContext, t: string): number {
  const existing = ctx.index.get(t);
  if (existing !== undefined) return existing;
  const i = ctx.m.activation(t, withBatch(ctx.shape(t)), 'INT8', ctx.params.get(t));
  ctx.index.set(t, i);
  return i;
}

/** Per-channel int8 weights in TFLite layout and the int32 bias of a conv / depthwise / dense op. */
function weightTensors(ctx: EmitContext, op: DeployedOp, name: string, inputScale: number, outStart = 0, outCount?: number): [number, number] {
  const w = op.weights!;
  const ks = w.kernelShape;
  const cout = w.bias.length;
  const count = outCount ?? cout;
  const kind = op.node.op;
  if (kind === 'depthwiseConv2d') {
    const q = quantizeSymmetric(w.kernel, cout, (i) => i % cout);
    const b = quantizeBias(w.bias, inputScale, q.scales);
    return [
      ctx.m.constant(`${name}/weights`, [1, ks[0]!, ks[1]!, cout], 'INT8', q.values, { scale: q.scales, zeroPoint: q.scales.map(() => 0), quantizedDimension: 3 }),
      ctx.m.constant(`${name}/bias`, [cout], 'INT32', b.values, { scale: b.scales, zeroPoint: b.scales.map(() => 0), quantizedDimension: 0 }),
    ];
  }
  // conv [kh, kw, cin, cout] → OHWI; dense [in, out] → [out, in]
  const inner = w.kernel.length / cout; // kh·kw·cin, or in
  const ohwi = new Float32Array(count * inner);
  for (let o = 0; o < count; o++) for (let k = 0; k < inner; k++) ohwi[o * inner + k] = w.kernel[k * cout + outStart + o]!;
  const perChannel = kind === 'conv2d';
  const q = quantizeSymmetric(ohwi, perChannel ? count : 1, (i) => (perChannel ? Math.floor(i / inner) : 0));
  const bias = w.bias.slice(outStart, outStart + count);
  const b = quantizeBias(bias, inputScale, q.scales);
  const shape = kind === 'dense' ? [count, inner] : [count, ks[0]!, ks[1]!, inner / (ks[0]! * ks[1]!)];
  return [
    ctx.m.constant(`${name}/weights`, shape, 'INT8', q.values, { scale: q.scales, zeroPoint: q.scales.map(() => 0), quantizedDimension: 0 }),
    // A per-tensor filter needs a per-tensor bias scale: TFLite reads the single legacy scale only then.
    ctx.m.constant(`${name}/bias`, [count], 'INT32', b.values, perChannel ? { scale: b.scales, zeroPoint: b.scales.map(() => 0), quantizedDimension: 0 } : { scale: [b.scales[0]!], zeroPoint: [0], quantizedDimension: 0 }),
  ];
}

function convOptions(op: DeployedOp): Record<string, number> {
  const a = op.node.attrs as { strides: [number, number]; padding: 'same' | 'valid' };
  return { padding: PADDING[a.padding], stride_w: a.strides[1], stride_h: a.strides[0], fused_activation_function: op.activation, dilation_w_factor: 1, dilation_h_factor: 1 };
}

/** Emit the TFLite operator(s) of one deployed op. */
export function emitOp(ctx: EmitContext, op: DeployedOp): void {
  const { m } = ctx;
  const node = op.node;
  const input = activationTensor(ctx, op.inputs[0]!);
  const inScale = ctx.params.get(op.inputs[0]!)!.scale;
  const out = (): number => activationTensor(ctx, op.outputs[0]!);
  switch (node.op) {
    case 'conv2d': {
      if (node.attrs.groups === 1) return m.op('CONV_2D', [input, ...weightTensors(ctx, op, node.name, inScale)], [out()], 'Conv2DOptions', convOptions(op));
      const g = node.attrs.groups;
      const cg = node.attrs.filters / g;
      const parts = Array.from({ length: g }, (_, j) => m.activation(`${node.name}/group${j}/in`, withBatch([...ctx.shape(op.inputs[0]!).slice(0, -1), ctx.shape(op.inputs[0]!).at(-1)! / g]), 'INT8', ctx.params.get(op.inputs[0]!)));
      m.op('SPLIT', [m.int32(`${node.name}/split_axis`, [3], []), input], parts, 'SplitOptions', { num_splits: g });
      const outParams = ctx.params.get(op.outputs[0]!)!;
      const outs = parts.map((p, j) => {
        const o = m.activation(`${node.name}/group${j}/out`, withBatch([...ctx.shape(op.outputs[0]!).slice(0, -1), cg]), 'INT8', outParams);
        m.op('CONV_2D', [p, ...weightTensors(ctx, op, `${node.name}/group${j}`, inScale, j * cg, cg)], [o], 'Conv2DOptions', convOptions(op));
        return o;
      });
      return m.op('CONCATENATION', outs, [out()], 'ConcatenationOptions', { axis: 3, fused_activation_function: 0 });
    }
    case 'depthwiseConv2d':
      return m.op('DEPTHWISE_CONV_2D', [input, ...weightTensors(ctx, op, node.name, inScale)], [out()], 'DepthwiseConv2DOptions', { ...convOptions(op), depth_multiplier: node.attrs.depthMultiplier });
    case 'dense':
      return m.op('FULLY_CONNECTED', [input, ...weightTensors(ctx, op, node.name, inScale)], [out()], 'FullyConnectedOptions', { fused_activation_function: op.activation, keep_num_dims: ctx.shape(op.inputs[0]!).length > 1 ? 1 : 0 });
    case 'averagePool':
    case 'maxPool': {
      const a = node.attrs;
      return m.op(node.op === 'maxPool' ? 'MAX_POOL_2D' : 'AVERAGE_POOL_2D', [input], [out()], 'Pool2DOptions', { padding: PADDING[a.padding], stride_w: a.strides[1], stride_h: a.strides[0], filter_width: a.poolSize[1], filter_height: a.poolSize[0], fused_activation_function: 0 });
    }
    case 'globalAveragePool':
      return m.op('MEAN', [input, m.int32(`${node.name}/axes`, [1, 2])], [out()], 'ReducerOptions', { keep_dims: node.attrs.keepDims ? 1 : 0 });
    case 'reshape':
    case 'flatten': {
      const shape = withBatch(ctx.shape(op.outputs[0]!));
      return m.op('RESHAPE', [input, m.int32(`${node.name}/shape`, shape)], [out()], 'ReshapeOptions', { new_shape: shape });
    }
    case 'softmax':
      return m.op('SOFTMAX', [input], [out()], 'SoftmaxOptions', { beta: 1 });
    case 'add':
      return m.op('ADD', op.inputs.map((t) => activationTensor(ctx, t)), [out()], 'AddOptions', { fused_activation_function: op.activation });
    case 'multiply':
      return m.op('MUL', op.inputs.map((t) => activationTensor(ctx, t)), [out()], 'MulOptions', { fused_activation_function: 0 });
    case 'concat': {
      const rank = ctx.shape(op.outputs[0]!).length;
      const axis = node.attrs.axis < 0 ? node.attrs.axis + rank + 1 : node.attrs.axis + 1;
      return m.op('CONCATENATION', op.inputs.map((t) => activationTensor(ctx, t)), [out()], 'ConcatenationOptions', { axis, fused_activation_function: 0 });
    }
    case 'zeroPadding': {
      const [[t, b], [l, r]] = node.attrs.padding;
      return m.op('PAD', [input, m.int32(`${node.name}/paddings`, [0, 0, t, b, l, r, 0, 0], [4, 2])], [out()], 'PadOptions', {});
    }
    case 'relu':
    case 'relu6':
    case 'hardSwish':
    case 'sigmoid': {
      const builtin = { relu: 'RELU', relu6: 'RELU6', hardSwish: 'HARD_SWISH', sigmoid: 'LOGISTIC' }[node.op];
      return m.op(builtin, [input], [out()]);
    }
    case 'hardSigmoid': {
      // No HARD_SIGMOID builtin: ReLU6(x + 3) / 6 as ADD (constant 3) → RELU6 → MUL (constant 1/6).
      const x = ctx.params.get(op.inputs[0]!)!;
      const lo = (-128 - x.zeroPoint) * x.scale + 3;
      const hi = (127 - x.zeroPoint) * x.scale + 3;
      const shifted = activationParams(lo, hi);
      const clipped = activationParams(Math.max(0, Math.min(6, lo)), Math.max(0, Math.min(6, hi)));
      const three = m.constant(`${node.name}/three`, [1], 'INT8', Int8Array.of(127), { scale: [3 / 127], zeroPoint: [0], quantizedDimension: 0 });
      const sixth = m.constant(`${node.name}/one_sixth`, [1], 'INT8', Int8Array.of(127), { scale: [1 / 6 / 127], zeroPoint: [0], quantizedDimension: 0 });
      const shape = withBatch(ctx.shape(op.inputs[0]!));
      const a = m.activation(`${node.name}/plus3`, shape, 'INT8', shifted);
      m.op('ADD', [input, three], [a], 'AddOptions', { fused_activation_function: 0 });
      const b = m.activation(`${node.name}/relu6`, shape, 'INT8', clipped);
      m.op('RELU6', [a], [b]);
      return m.op('MUL', [b, sixth], [out()], 'MulOptions', { fused_activation_function: 0 });
    }
    case 'channelSplit': {
      const outs = op.outputs.map((t) => activationTensor(ctx, t));
      return m.op('SPLIT', [m.int32(`${node.name}/axis`, [ctx.shape(op.inputs[0]!).length], []), input], outs, 'SplitOptions', { num_splits: node.attrs.parts });
    }
    case 'channelShuffle': {
      const s = ctx.shape(op.inputs[0]!);
      const g = node.attrs.groups;
      const p = ctx.params.get(op.inputs[0]!);
      const grouped = withBatch([...s.slice(0, -1), g, s.at(-1)! / g]);
      const a = m.activation(`${node.name}/grouped`, grouped, 'INT8', p);
      m.op('RESHAPE', [input, m.int32(`${node.name}/shape1`, grouped)], [a], 'ReshapeOptions', { new_shape: grouped });
      const swapped = [...grouped.slice(0, -2), grouped.at(-1)!, grouped.at(-2)!];
      const b = m.activation(`${node.name}/transposed`, swapped, 'INT8', p);
      const perm = [...grouped.slice(0, -2).map((_, i) => i), grouped.length - 1, grouped.length - 2];
      m.op('TRANSPOSE', [a, m.int32(`${node.name}/perm`, perm)], [b], 'TransposeOptions', {});
      const shape = withBatch(s);
      return m.op('RESHAPE', [b, m.int32(`${node.name}/shape2`, shape)], [out()], 'ReshapeOptions', { new_shape: shape });
    }
    default:
      throw new CnnAnalyzerError(`layer ${JSON.stringify(node.name)}: ${node.op} cannot be exported to int8 TFLite yet`, `nodes.${node.name}`, node.op);
  }
}
