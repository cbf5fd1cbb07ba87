import * as tf from '@tensorflow/tfjs';

type Shape = (number | null)[];
const lastAxis = (s: Shape): number => s[s.length - 1] as number;

/** Channels `[start, start + size)` of the last axis (one half of a channel split). */
export class ChannelSlice extends tf.layers.Layer {
  static readonly className = 'CnnaChannelSlice';
  readonly start: number;
  readonly size: number;
  constructor(config: { start: number; size: number; name?: string }) {
    super(config);
    this.start = config.start;
    this.size = config.size;
  }
  override computeOutputShape(s: Shape): Shape {
    return [...s.slice(0, -1), this.size];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const begin = x.shape.map((_, i) => (i === x.rank - 1 ? this.start : 0));
    const size = x.shape.map((d, i) => (i === x.rank - 1 ? this.size : d));
    return tf.slice(x, begin, size);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), start: this.start, size: this.size };
  }
}

/** ShuffleNet channel shuffle: reshape to (…, g, C/g), swap the last two axes, reshape back. */
export class ChannelShuffle extends tf.layers.Layer {
  static readonly className = 'CnnaChannelShuffle';
  readonly groups: number;
  constructor(config: { groups: number; name?: string }) {
    super(config);
    this.groups = config.groups;
  }
  override computeOutputShape(s: Shape): Shape {
    return s;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const c = x.shape[x.rank - 1]!;
      const lead = x.shape.slice(0, -1);
      const grouped = tf.reshape(x, [...lead, this.groups, c / this.groups]);
      const perm = [...lead.map((_, i) => i), lead.length + 1, lead.length];
      return tf.reshape(tf.transpose(grouped, perm), x.shape);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups };
  }
}

/** x · ReLU6(x + 3) / 6, or ReLU6(x + 3) / 6 alone. */
export class HardActivation extends tf.layers.Layer {
  static readonly className = 'CnnaHardActivation';
  readonly kind: 'swish' | 'sigmoid';
  constructor(config: { kind: 'swish' | 'sigmoid'; name?: string }) {
    super(config);
    this.kind = config.kind;
  }
  override computeOutputShape(s: Shape): Shape {
    return s;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const gate = tf.div(tf.relu6(tf.add(x, 3)), 6);
      return this.kind === 'swish' ? tf.mul(x, gate) : gate;
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kind: this.kind };
  }
}

/** A 2-D convolution whose channels are split into groups (kernel `[kh, kw, cin/g, cout]`, Keras layout). */
export class GroupedConv2D extends tf.layers.Layer {
  static readonly className = 'CnnaGroupedConv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly groups: number;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  constructor(config: { filters: number; kernelSize: [number, number]; strides: [number, number]; padding: 'same' | 'valid'; groups: number; useBias: boolean; seed?: number; name?: string }) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.strides = config.strides;
    this.padding = config.padding;
    this.groups = config.groups;
    this.useBias = config.useBias;
    this.seed = config.seed;
  }
  override build(s: Shape | Shape[]): void {
    const shape = (Array.isArray(s[0]) ? s[0] : s) as Shape;
    const cin = lastAxis(shape);
    const init = tf.initializers.glorotUniform(this.seed !== undefined ? { seed: this.seed } : {});
    this.kernel = this.addWeight('kernel', [...this.kernelSize, cin / this.groups, this.filters], 'float32', init);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }
  override computeOutputShape(s: Shape): Shape {
    const out = (size: number | null, k: number, st: number): number | null =>
      size === null ? null : this.padding === 'same' ? Math.ceil(size / st) : Math.floor((size - k) / st) + 1;
    return [s[0]!, out(s[1]!, this.kernelSize[0], this.strides[0]), out(s[2]!, this.kernelSize[1], this.strides[1]), this.filters];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const xs = tf.split(x, this.groups, 3);
      const ks = tf.split(this.kernel!.read() as tf.Tensor4D, this.groups, 3);
      const y = tf.concat(xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, this.strides, this.padding)), 3);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, strides, padding, groups, useBias } = this;
    return { ...super.getConfig(), filters, kernelSize, strides, padding, groups, useBias };
  }
}

for (const cls of [ChannelSlice, ChannelShuffle, HardActivation, GroupedConv2D]) tf.serialization.registerClass(cls);
