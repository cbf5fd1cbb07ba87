import type { DeployedGraph, DeployedTensor } from '@cnn-analyzer/deployed-graph';
import type { TflmArena } from './tflm-arena.js';
import type { TflmModelDescription, TflmTensor } from './tflm-model.js';

/** Options of {@link tflmDescriptionOfDeployed}. */
export interface DeployedDescriptionOptions {
  /** `tflm`: conv and depthwise biases carry no quantization parameters (the exporter's `--target tflm`). @default 'tflite' */
  readonly target?: 'tflite' | 'tflm';
}

function tensorOf(t: DeployedTensor, target: 'tflite' | 'tflm', denseBias: boolean): TflmTensor {
  const constant = t.kind === 'constant';
  let quantizationChannels = 0;
  if (t.kind === 'activation') quantizationChannels = t.dtype === 'int8' ? 1 : 0;
  else if (t.role === 'weights' || t.role === 'scalar') quantizationChannels = t.quantChannels ?? 1;
  // `--target tflm` drops conv and depthwise biases' parameters; FULLY_CONNECTED checks its bias scale, so it keeps them
  else if (t.role === 'bias') quantizationChannels = target === 'tflm' && !denseBias ? 0 : (t.quantChannels ?? 1);
  return {
    shape: t.kind === 'activation' ? [1, ...t.shape] : t.shape, // constants: the deployed tensor's own (read-only) shape
    type: t.dtype,
    constant,
    quantizationChannels,
    variable: false,
  };
}

/**
 * What TFLM's allocator will see in the file the exporter writes for a deployed graph, without writing it: the
 * tensors in the order the exporter adds them (each operator's inputs, then its outputs, on first use) and the
 * operators in execution order. `tflmArena` of it is the arena of the exported file.
 */
export function tflmDescriptionOfDeployed(deployed: DeployedGraph, options: DeployedDescriptionOptions = {}): TflmModelDescription {
  const target = options.target ?? 'tflite';
  const index = new Map<string, number>();
  const tensors: TflmTensor[] = [];
  const indexOf = (id: string, denseBias = false): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = tensors.length;
      index.set(id, i);
      tensors.push(tensorOf(deployed.tensors[id]!, target, denseBias));
    }
    return i;
  };
  const operators = deployed.ops.map((o) => {
    const inputs = o.inputs.map((t) => indexOf(t, o.builtin === 'FULLY_CONNECTED'));
    const outputs = o.outputs.map((t) => indexOf(t));
    return o.window ? { builtin: o.builtin, inputs, outputs, window: { padding: o.window.padding, strides: [o.window.strides[0], o.window.strides[1]] as const } } : { builtin: o.builtin, inputs, outputs };
  });
  return { tensors, operators, inputs: deployed.inputs.map((t) => indexOf(t)), outputs: deployed.outputs.map((t) => indexOf(t)) };
}

/**
 * The arena a firmware reserves for a TFLM arena figure: exact figures as they are; estimates (optimized kernel
 * libraries) raised by their error bound, so the arena never comes out short — both to TFLM's 16-byte alignment.
 */
export function reservedArenaBytes(arena: Pick<TflmArena, 'arenaBytes' | 'maxErrorBytes'>): number {
  return Math.ceil((arena.arenaBytes + arena.maxErrorBytes) / 16) * 16;
}
