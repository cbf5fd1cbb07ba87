import type { DeployedGraph, DeployedTensor } from '@cnn-analyzer/deployed-graph';
import type { TflmArena } from './tflm-arena.js';
import type { TflmModelDescription, TflmTensor } from './tflm-model.js';

/** Options of {@link tflmDescriptionOfDeployed}. */
export interface DeployedDescriptionOptions {
  /** `tflm`: the biases carry no quantization parameters (the exporter's `--target tflm`). @default 'tflite' */
  readonly target?: 'tflite' | 'tflm';
}

function tensorOf(t: DeployedTensor, target: 'tflite' | 'tflm'): TflmTensor {
  const constant = t.kind === 'constant';
  let quantizationChannels = 0;
  if (t.kind === 'activation') quantizationChannels = t.dtype === 'int8' ? 1 : 0;
  else if (t.role === 'weights' || t.role === 'scalar') quantizationChannels = t.quantChannels ?? 1;
  else if (t.role === 'bias') quantizationChannels = target === 'tflm' ? 0 : (t.quantChannels ?? 1);
  return {
    shape: t.kind === 'activation' ? [1, ...t.shape] : [...t.shape],
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
  const indexOf = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = tensors.length;
      index.set(id, i);
      tensors.push(tensorOf(deployed.tensors[id]!, target));
    }
    return i;
  };
  const operators = deployed.ops.map((o) => {
    const inputs = o.inputs.map(indexOf);
    const outputs = o.outputs.map(indexOf);
    return { builtin: o.builtin, inputs, outputs, ...(o.window ? { window: { padding: o.window.padding, strides: [o.window.strides[0], o.window.strides[1]] as const } } : {}) };
  });
  return { tensors, operators, inputs: deployed.inputs.map(indexOf), outputs: deployed.outputs.map(indexOf) };
}

/**
 * The arena a firmware reserves for a TFLM arena figure: exact figures as they are; estimates (optimized kernel
 * libraries) raised by their error bound, so the arena never comes out short — both to TFLM's 16-byte alignment.
 */
export function reservedArenaBytes(arena: Pick<TflmArena, 'arenaBytes' | 'maxErrorBytes'>): number {
  return Math.ceil((arena.arenaBytes + arena.maxErrorBytes) / 16) * 16;
}
