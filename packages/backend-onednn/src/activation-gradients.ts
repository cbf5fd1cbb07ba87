import * as tf from '@tensorflow/tfjs';
import { ACTIVATION_GRAD } from './eltwise-kernels.js';

/**
 * Give Relu and Relu6 a one-kernel gradient on the `onednn` backend (tfjs computes dy · step(x), two passes and a
 * temporary). tfjs keeps one gradient per kernel name for every backend, so the replacement hands any other
 * backend to the gradient it replaced.
 */
export function registerActivationGradients(backendName: string): void {
  for (const [kernelName, op] of [['Relu', 0], ['Relu6', 1]] as const) {
    const stock = tf.getGradient(kernelName);
    if (!stock) continue;
    tf.registerGradient({
      ...stock,
      gradFunc: (dy, saved, attrs) => {
        if (tf.getBackend() !== backendName) return stock.gradFunc(dy, saved, attrs);
        const [x] = saved as [tf.Tensor];
        return { x: () => tf.engine().runKernel(ACTIVATION_GRAD, { dy: dy as tf.Tensor, x }, { op }) as tf.Tensor };
      },
    });
  }
}
