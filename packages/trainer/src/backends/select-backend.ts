import * as tf from '@tensorflow/tfjs';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { ONEDNN_BACKEND, onednnThreads, registerOnednnBackend } from '@cnn-analyzer/backend-onednn';
import { registerWasmBackwardKernels } from './wasm-backward-kernels.js';

/**
 * Backends `--backend` accepts; `auto` takes the first available of tensorflow (tfjs-node-gpu / tfjs-node, when the
 * user installed one), onednn (our native backend, when its addon was built), wasm, cpu: the order of their training
 * speed (the `train` bench).
 */
export const BACKENDS = ['auto', 'tensorflow', 'onednn', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** The backend a run uses, and why. */
export interface SelectedBackend {
  /** tfjs backend name: `tensorflow` (tfjs-node or tfjs-node-gpu), `onednn`, `wasm` or `cpu`. */
  readonly name: string;
  /** What was loaded, e.g. `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-backend-wasm + our backward kernels`. */
  readonly detail: string;
}

/** Options of {@link selectBackend}. */
export interface BackendOptions {
  /** Threads of the onednn backend (oneDNN's OpenMP runtime). @default OpenMP's own: `OMP_NUM_THREADS`, else every core */
  readonly threads?: number;
}

/** A backend was asked for that cannot be loaded here. */
export class BackendError extends CnnAnalyzerError {}

/** Load a package by a computed name, so an absent optional backend is only an import failure. */
async function tryImport(name: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ name);
    return true;
  } catch {
    return false;
  }
}

async function loadTensorflow(): Promise<string | undefined> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if ((await tryImport(pkg)) && tf.findBackend('tensorflow')) return pkg;
  }
  return undefined;
}

async function loadWasm(): Promise<boolean> {
  if (!tf.findBackendFactory('wasm')) {
    // the package carries its own copy of tfjs-core, which registers the Node platform a second time
    const warn = console.warn;
    console.warn = (...args: unknown[]): void => {
      if (!String(args[0]).startsWith('Platform node has already been set')) warn(...args);
    };
    try {
      if (!(await tryImport('@tensorflow/tfjs-backend-wasm'))) return false;
    } finally {
      console.warn = warn;
    }
  }
  registerWasmBackwardKernels();
  return tf.setBackend('wasm');
}

/**
 * Make `choice` the tfjs backend: `tensorflow` needs `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`
 * installed; `onednn` is our native backend (built when libdnnl-dev is present; `options.threads`); `wasm` is `@tensorflow/tfjs-backend-wasm` (SIMD) with the backward kernels it lacks
 * registered by us; `cpu` is tfjs's stock JavaScript backend. Throws {@link BackendError} when the
 * asked-for backend cannot load.
 */
export async function selectBackend(choice: BackendChoice = 'auto', options: BackendOptions = {}): Promise<SelectedBackend> {
  if (choice === 'auto' || choice === 'tensorflow') {
    const pkg = await loadTensorflow();
    if (pkg && (await tf.setBackend('tensorflow'))) return { name: 'tensorflow', detail: pkg };
    if (choice === 'tensorflow') throw new BackendError('--backend: tensorflow needs @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu installed (npm install @tensorflow/tfjs-node)', 'backend', choice);
  }
  if (choice === 'auto' || choice === 'onednn') {
    if (registerOnednnBackend(options) && (await tf.setBackend(ONEDNN_BACKEND))) {
      const threads = onednnThreads()!;
      return { name: ONEDNN_BACKEND, detail: `our native backend: the tfjs CPU backend with its hot kernels on oneDNN (libdnnl), ${threads} thread${threads === 1 ? '' : 's'}` };
    }
    if (choice === 'onednn') throw new BackendError('--backend: onednn needs the native addon, built at npm install when libdnnl-dev is present (apt-get install libdnnl-dev, then npm rebuild @cnn-analyzer/backend-onednn)', 'backend', choice);
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await loadWasm()) return { name: 'wasm', detail: '@tensorflow/tfjs-backend-wasm (SIMD) with our Conv2DBackpropFilter and depthwise backward kernels' };
    if (choice === 'wasm') throw new BackendError('--backend: wasm could not load @tensorflow/tfjs-backend-wasm', 'backend', choice);
  }
  await tf.setBackend('cpu');
  return { name: 'cpu', detail: 'stock TensorFlow.js CPU backend (slow: install @tensorflow/tfjs-node for speed)' };
}
