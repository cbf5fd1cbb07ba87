import { elementCount } from '@cnn-analyzer/arch-spec';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { deployGraph, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';

/**
 * The terms of the per-operator latency model, one cost unit each (a board's runtime gives cycles per unit):
 * - `mac.conv` k×k convolution, `mac.pointwise` 1×1, `mac.first` a convolution reading ≤ 4 input channels (the image),
 *   `mac.depthwise`, `mac.dense`: multiply-accumulates;
 * - `tail.cin` / `tail.cout` / `tail.depthwise`: MACs in the channels left over when input or output channels
 *   are not a multiple of {@link CHANNEL_GROUP} (kernels process channels in groups; the leftover runs slower);
 * - `chan.conv` / `chan.depthwise`: output channels of a convolution (per-channel setup: requantization
 *   parameters and the weights of one output channel, paid once per channel whatever the image size);
 * - `out.conv` (any convolution), `out.depthwise`, `out.dense`: int8 output bytes of MAC operators
 *   (requantize and store); `weights.conv`, `weights.depthwise`, `weights.dense`: parameters read;
 * - `add` / `mul`: output elements of ADD / MUL on two activation tensors; `addConst` / `mulConst`: with a
 *   constant operand (the converter's hard-swish steps); `unary`: RELU, RELU6, LOGISTIC; `hardSwish`: HARD_SWISH;
 * - `copy`: bytes moved by PAD, CONCATENATION, SPLIT, TRANSPOSE and a RESHAPE that is not in place;
 * - `pool`: input elements read by AVERAGE_POOL_2D, MAX_POOL_2D and MEAN; `softmax`: elements;
 * - `quantize`: elements converted by QUANTIZE / DEQUANTIZE; `input`: the model input's elements, charged once on
 *   the first operator (runtimes that take a float input and quantize it, like X-CUBE-AI's generated code);
 * - `node`: 1 per operator (dispatch and per-node setup).
 */
export const LATENCY_FEATURES = [
  'mac.conv',
  'mac.pointwise',
  'mac.first',
  'mac.depthwise',
  'mac.dense',
  'tail.cin',
  'tail.cout',
  'tail.depthwise',
  'chan.conv',
  'chan.depthwise',
  'out.conv',
  'out.depthwise',
  'out.dense',
  'weights.conv',
  'weights.depthwise',
  'weights.dense',
  'add',
  'addConst',
  'mul',
  'mulConst',
  'unary',
  'hardSwish',
  'copy',
  'pool',
  'softmax',
  'quantize',
  'input',
  'node',
] as const;

/** One term of the latency model. */
export type LatencyFeature = (typeof LATENCY_FEATURES)[number];

/** Units of work per feature (absent: 0). */
export type Features = Readonly<Partial<Record<LatencyFeature, number>>>;

/** Channels a MAC kernel processes together (CMSIS-NN and X-CUBE-AI int8 kernels: 4). */
export const CHANNEL_GROUP = 4;

const leftover = (channels: number): number => (channels <= 0 ? 0 : (channels % CHANNEL_GROUP) / channels);

/** Add `b` into `a` (feature by feature). */
export function addFeatures(a: Partial<Record<LatencyFeature, number>>, b: Features): Partial<Record<LatencyFeature, number>> {
  for (const [k, v] of Object.entries(b) as [LatencyFeature, number][]) a[k] = (a[k] ?? 0) + v;
  return a;
}

/** The features of one deployed operator (without `input`, which {@link opFeatures} puts on the first one). */
export function featuresOfOp(deployed: DeployedGraph, op: DeployedOp): Features {
  const shape = (id: string): readonly number[] => deployed.tensors[id]!.shape;
  const isConst = (id: string): boolean => deployed.tensors[id]!.kind === 'constant';
  const activations = op.inputs.filter((id) => !isConst(id));
  const outBytes = op.outputs.reduce((s, id) => s + elementCount(shape(id)), 0);
  const inElements = activations.reduce((s, id) => s + elementCount(shape(id)), 0);
  const f: Partial<Record<LatencyFeature, number>> = { node: 1 };
  switch (op.builtin) {
    case 'CONV_2D': {
      const inShape = shape(activations[0]!);
      const cin = inShape[inShape.length - 1]!;
      const outShape = shape(op.outputs[0]!);
      const cout = outShape[outShape.length - 1]!;
      const kind = cin <= CHANNEL_GROUP ? 'mac.first' : op.kernelClass === 'pointwise' ? 'mac.pointwise' : 'mac.conv';
      f[kind] = op.macs;
      if (kind !== 'mac.first') {
        f['tail.cin'] = op.macs * leftover(cin);
        f['tail.cout'] = op.macs * leftover(cout);
      }
      f['chan.conv'] = cout;
      f['out.conv'] = outBytes;
      f['weights.conv'] = op.params;
      break;
    }
    case 'DEPTHWISE_CONV_2D': {
      const outShape = shape(op.outputs[0]!);
      f['mac.depthwise'] = op.macs;
      f['tail.depthwise'] = op.macs * leftover(outShape[outShape.length - 1]!);
      f['chan.depthwise'] = outShape[outShape.length - 1]!;
      f['out.depthwise'] = outBytes;
      f['weights.depthwise'] = op.params;
      break;
    }
    case 'FULLY_CONNECTED':
      f['mac.dense'] = op.macs;
      f['out.dense'] = outBytes;
      f['weights.dense'] = op.params;
      break;
    case 'ADD':
    case 'MUL': {
      const constant = activations.length < 2;
      f[op.builtin === 'ADD' ? (constant ? 'addConst' : 'add') : constant ? 'mulConst' : 'mul'] = outBytes;
      break;
    }
    case 'RELU':
    case 'RELU6':
    case 'LOGISTIC':
      f.unary = outBytes;
      break;
    case 'HARD_SWISH':
      f.hardSwish = outBytes;
      break;
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
    case 'MEAN':
      f.pool = inElements;
      break;
    case 'SOFTMAX':
      f.softmax = outBytes;
      break;
    case 'QUANTIZE':
    case 'DEQUANTIZE':
      f.quantize = outBytes;
      break;
    case 'RESHAPE':
      if (!op.inPlace) f.copy = outBytes;
      break;
    case 'PAD':
    case 'CONCATENATION':
    case 'SPLIT':
    case 'TRANSPOSE':
      f.copy = outBytes;
      break;
  }
  for (const k of Object.keys(f) as LatencyFeature[]) if (f[k] === 0) delete f[k];
  return f;
}

/**
 * Features of every operator the deployed model runs, in execution order; the first also carries `input`
 * (the model input's elements, for runtimes that quantize a float input before the first operator).
 */
export function opFeatures(deployed: DeployedGraph): Features[] {
  const input = deployed.inputs.reduce((s, id) => s + elementCount(deployed.tensors[id]!.shape), 0);
  return deployed.ops.map((op, i) => (i === 0 ? { ...featuresOfOp(deployed, op), input } : featuresOfOp(deployed, op)));
}

/** Features summed over a whole deployed model (what a whole-model calibration point records). */
export function modelFeatures(deployed: DeployedGraph): Features {
  return opFeatures(deployed).reduce<Partial<Record<LatencyFeature, number>>>((acc, f) => addFeatures(acc, f), {});
}

/** Features of an IR graph as deployed: what a whole-model calibration point of that model records. */
export function graphFeatures(graph: LayerGraph): Features {
  return modelFeatures(deployGraph(graph));
}

/** Per-operator features of an IR graph as deployed, in execution order. */
export function graphOpFeatures(graph: LayerGraph): Features[] {
  return opFeatures(deployGraph(graph));
}
