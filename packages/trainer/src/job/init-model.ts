import { resolve } from 'node:path';
import { CnnAnalyzerError, type AnyOpNode, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { LayerWeights } from '@cnn-analyzer/builders';
import { importModelFile } from '@cnn-analyzer/exporter';

/** Trained float weights to start a run from: the file they came from and the weights by IR node name. */
export interface InitWeights {
  /** Absolute path of the `.tflite` or `model.json` the weights were imported from. */
  readonly file: string;
  readonly weights: ReadonlyMap<string, LayerWeights>;
}

/** A model to fine-tune: the imported graph (as the file holds it, e.g. BatchNorm folded into conv biases) and its weights. */
export interface InitModel {
  readonly graph: LayerGraph;
  readonly init: InitWeights;
}

/** `--init`: the file's structure differs from the named variation's. */
export class InitStructureError extends CnnAnalyzerError {}

const HOSTS = new Set(['conv2d', 'depthwiseConv2d', 'dense']);

/** What makes two weighted layers the same for training: op, output shape, kernel, strides, groups, multiplier. */
function signature(g: LayerGraph, n: AnyOpNode): string {
  const a = n.attrs as Record<string, unknown>;
  const shape = g.tensors[n.outputs[0]!]!.shape;
  const parts = [n.op, `output ${shape.join('×')}`];
  if (a.kernelSize !== undefined) parts.push(`kernel ${(a.kernelSize as number[]).join('×')}`);
  if (a.strides !== undefined) parts.push(`strides ${(a.strides as number[]).join('×')}`);
  if (a.groups !== undefined && a.groups !== 1) parts.push(`groups ${String(a.groups)}`);
  if (a.depthMultiplier !== undefined && a.depthMultiplier !== 1) parts.push(`multiplier ${String(a.depthMultiplier)}`);
  return parts.join(', ');
}

/**
 * Check that a model file has the structure of the named variation: the same input shape and the same sequence of
 * weighted layers (conv, depthwise, dense: op, output shape, kernel, strides, groups). BatchNorm, activations and
 * dropout are not compared (a converter folds and fuses them). Throws naming the first layer that differs.
 */
export function checkSameStructure(expected: LayerGraph, file: LayerGraph, label: string): void {
  const inShape = (g: LayerGraph): string => g.tensors[g.inputs[0]!]!.shape.join('×');
  if (inShape(expected) !== inShape(file)) {
    throw new InitStructureError(`--init ${label}: input ${inShape(file)} differs from ${expected.name}'s ${inShape(expected)}`, 'init', label);
  }
  const want = expected.nodes.filter((n) => HOSTS.has(n.op));
  const got = file.nodes.filter((n) => HOSTS.has(n.op));
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const [w, g] = [want[i], got[i]];
    if (!w) throw new InitStructureError(`--init ${label}: weighted layer ${i + 1} (${signature(file, g!)}) is beyond ${expected.name}'s last layer (${want.length} weighted layers)`, 'init', label);
    if (!g) throw new InitStructureError(`--init ${label}: the file ends after ${got.length} weighted layers; ${expected.name} continues with layer ${JSON.stringify(w.name)} (${signature(expected, w)})`, 'init', label);
    if (signature(expected, w) !== signature(file, g)) {
      throw new InitStructureError(`--init ${label}: weighted layer ${i + 1} differs: ${expected.name}'s ${JSON.stringify(w.name)} is ${signature(expected, w)}; the file's is ${signature(file, g)}`, 'init', label);
    }
  }
}

/**
 * Import a trained float model (`.tflite` as TensorFlow's converter writes it, or a TensorFlow.js `model.json`) to
 * train from its weights. The graph is trained as the file holds it (no BatchNorm is invented where the converter
 * folded it). With `expected`, the file must have its structure ({@link checkSameStructure}) and the graph takes
 * its name, so checkpoints and records are under the variation's name.
 */
export async function loadInitModel(path: string, expected?: LayerGraph): Promise<InitModel> {
  const file = resolve(path);
  const imported = await importModelFile(file);
  if (expected) checkSameStructure(expected, imported.graph, path);
  const graph = expected ? { ...imported.graph, name: expected.name } : imported.graph;
  return { graph, init: { file, weights: imported.weights } };
}
