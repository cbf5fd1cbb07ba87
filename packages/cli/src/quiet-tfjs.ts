import * as tf from '@tensorflow/tfjs';

/**
 * Silence TensorFlow.js's "looks like you are running TensorFlow.js in Node.js … install our node backend" banner:
 * the CLI builds models on the CPU backend on purpose (the same numbers everywhere, no native addon). PROD only
 * turns off tfjs's console warnings and its debug-mode checks, which the CLI never enables.
 */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}
