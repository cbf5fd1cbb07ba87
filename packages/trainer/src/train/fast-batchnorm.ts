import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD, BATCH_NORM_TRAIN, MOVING_AVERAGES, ONEDNN_BACKEND } from '@cnn-analyzer/backend-onednn';

/** The same op on the onednn backend: one native kernel forward, one backward. */
function onednnBatchNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const stats: tf.Tensor[] = [];
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const [xi, g, b] = args as tf.Tensor[];
    const save = args[3] as (saved: tf.Tensor[]) => void;
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: xi!, gamma: g!, beta: b! }, { epsilon }) as tf.Tensor[];
    stats.push(tf.keep(mean!), tf.keep(variance!)); // tfjs saves clones of them for the gradient
    save([xi!, mean!, variance!, g!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, m, v, gm] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(BATCH_NORM_GRAD, { x: xs, dy: dy as tf.Tensor, mean: m, variance: v, gamma: gm }, { epsilon }) as tf.Tensor[];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, mean: stats[0]!, variance: stats[1]! };
}

/**
 * Batch normalization over every axis but the last, with batch statistics, as one op with its own gradient:
 * dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), dγ = Σ dy · x̂, dβ = Σ dy. tfjs differentiates the same
 * computation through its moments, with tiles of every statistic to the input's shape, at several times the cost.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  if (tf.getBackend() === ONEDNN_BACKEND) return onednnBatchNorm(x, gamma, beta, epsilon);
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const stats: tf.Tensor[] = [];
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const [xi, g, b] = args as tf.Tensor[];
    const save = args[3] as (saved: tf.Tensor[]) => void;
    const { mean, variance } = tf.moments(xi!, axes);
    stats.push(tf.keep(mean), tf.keep(variance));
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const xhat = tf.mul(tf.sub(xi!, mean), invStd);
    save([xhat, invStd, g!]);
    return {
      value: tf.add(tf.mul(xhat, g!), b!),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const d = dy as tf.Tensor;
        const [xh, inv, gm] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const n = d.size / d.shape[d.rank - 1]!;
        const dBeta = tf.sum(d, axes);
        const dGamma = tf.sum(tf.mul(d, xh), axes);
        const centred = tf.sub(tf.sub(d, tf.div(dBeta, n)), tf.mul(xh, tf.div(dGamma, n)));
        return [tf.mul(centred, tf.mul(gm, inv)), dGamma, dBeta];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, mean: stats[0]!, variance: stats[1]! };
}

interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

/**
 * Make the model's BatchNormalization layers train through {@link batchNormTraining} (inference is
 * unchanged), and set their moving-average momentum. Returns how many layers were changed.
 */
export function useFastBatchNorm(model: tf.LayersModel, momentum?: number): number {
  let n = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const bn = layer as unknown as BatchNormLayer;
    if (momentum !== undefined) bn.momentum = momentum;
    const rank = layer.inputSpec?.[0]?.ndim;
    if (!(bn.center && bn.scale && (bn.axis === -1 || (rank !== undefined && bn.axis === rank - 1)))) continue;
    const original = bn.call.bind(bn);
    bn.call = (inputs, kwargs) => {
      if (!kwargs['training']) return original(inputs, kwargs);
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const { y, mean, variance } = batchNormTraining(x, bn.gamma.read(), bn.beta.read(), bn.epsilon);
        if (tf.getBackend() === ONEDNN_BACKEND) {
          const inputs = { movingMean: bn.movingMean.read(), movingVariance: bn.movingVariance.read(), mean, variance };
          const [m, v] = tf.engine().runKernel(MOVING_AVERAGES, inputs, { momentum: bn.momentum }) as tf.Tensor[];
          bn.movingMean.write(m!);
          bn.movingVariance.write(v!);
        } else {
          for (const [v, value] of [[bn.movingMean, mean], [bn.movingVariance, variance]] as const) {
            const old = v.read();
            v.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - bn.momentum)));
          }
        }
        mean.dispose();
        variance.dispose();
        return y;
      });
    };
    n++;
  }
  return n;
}
