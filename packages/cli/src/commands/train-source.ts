import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LayerGraph } from '@cnn-analyzer/arch-spec';
import { importedName } from '@cnn-analyzer/exporter';
import { checkpointInfo, loadInitModel, type InitWeights } from '@cnn-analyzer/trainer';
import { isImportableFile } from '../import-model.js';
import { resolveModel, type ResolvedModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';

/** What `train` trains: the model as recorded (name, analysis input), the graph to train, and the weights to start from. */
export interface TrainSource {
  /** The variation or file as the database records it. */
  readonly resolved: ResolvedModel;
  /** The graph trained: the variation's, or the imported file's (BatchNorm folded as the file holds it) under the same name. */
  readonly graph: LayerGraph;
  readonly init?: InitWeights;
}

function requireFile(flag: string, path: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag} ${JSON.stringify(path)}: not found (expected a float .tflite file or a TensorFlow.js model.json)`, flag.replace(/^--/, '') || 'model', path);
  if (!isImportableFile(path)) throw new UsageError(`${flag} ${JSON.stringify(path)}: not a .tflite file or a TensorFlow.js model.json`, flag.replace(/^--/, '') || 'model', path);
}

/**
 * The name a TensorFlow.js model.json is trained and recorded under: its folder's name and the start of the model.json's
 * content hash (`my_model.json@1a2b3c4d5e6f`), so it never takes the name of a plugin variation.
 */
export function tfjsModelName(path: string): string {
  requireFile('model', path);
  return `${importedName(path)}.json@${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12)}`;
}

/** A TensorFlow.js model.json as a model to record: {@link tfjsModelName}, its graph. */
function tfjsResolved(path: string, graph: LayerGraph): ResolvedModel {
  const name = tfjsModelName(path);
  return { name, architecture: 'tfjs', factors: { file: resolve(path) }, graph: { ...graph, name }, source: 'tflite' };
}

/**
 * `train <model> [--init <file>]`: a compound name or architecture trains from the seeded initialization, or from
 * the weights of `--init` (whose structure must be the variation's); a `.tflite` or `model.json` given as the model
 * is trained from its own weights under the name the file is recorded by.
 */
export async function trainSource(arg: string, factorArgs: readonly string[], init: string | undefined): Promise<TrainSource> {
  if (isImportableFile(arg)) {
    if (init !== undefined) throw new UsageError(`--init: the model ${JSON.stringify(arg)} is already a file whose weights training starts from; give the file or --init, not both`, 'init', init);
    requireFile('model', arg);
    if (factorArgs.length > 0) throw new UsageError(`factor flags do not apply to a model file (got ${factorArgs[0]})`, 'argv', factorArgs[0]);
    const loaded = await loadInitModel(arg);
    const resolved = arg.endsWith('.tflite') ? resolveModel(arg) : tfjsResolved(arg, loaded.graph);
    return { resolved, graph: { ...loaded.graph, name: resolved.name }, init: loaded.init };
  }
  const resolved = resolveModel(arg, factorArgs);
  if (resolved.source !== 'plugin') throw new UsageError('train: give a compound name, an architecture, or a float .tflite / model.json file', 'model', arg);
  if (init === undefined) return { resolved, graph: resolved.graph };
  requireFile('--init', init);
  const loaded = await loadInitModel(init, resolved.graph);
  return { resolved, graph: loaded.graph, init: loaded.init };
}

/** The graph a checkpoint's weights belong to: the variation it names, or the file its run started from (`--init`). */
export async function checkpointGraph(checkpoint: string): Promise<LayerGraph> {
  const info = checkpointInfo(checkpoint);
  if (info.init === undefined) return resolveModel(info.graph).graph;
  if (!existsSync(info.init)) throw new UsageError(`checkpoint ${checkpoint}: its run started from ${info.init}, which is gone (the graph of its weights is read from that file)`, 'weights', checkpoint);
  return { ...(await loadInitModel(info.init)).graph, name: info.graph };
}

/**
 * `export [<model>] --weights <checkpoint>`: the model to export with a checkpoint's weights. A checkpoint of a run
 * started from a file (`train --init`, or `train <file>`) holds the weights of that file's graph; it is exported as that
 * graph under the run's name. `record` is what the database records the export under.
 */
export async function checkpointModel(checkpoint: string, model: string | undefined, factorArgs: readonly string[]): Promise<{ resolved: ResolvedModel; record: ResolvedModel }> {
  const info = checkpointInfo(checkpoint);
  if (info.init === undefined) {
    if (model !== undefined && isImportableFile(model)) throw new UsageError(`--weights: ${checkpoint} holds weights of ${info.graph}, trained from the seeded initialization, not from ${model}; give ${info.graph} as the model`, 'weights', checkpoint);
    const resolved = resolveModel(model, factorArgs);
    return { resolved, record: resolved };
  }
  const graph = await checkpointGraph(checkpoint);
  const source = await trainSource(info.init, [], undefined);
  const record = model === undefined || isImportableFile(model) ? (source.resolved.name === info.graph ? source.resolved : resolveModel(info.graph)) : resolveModel(model, factorArgs);
  // source 'plugin': the graph is built in TensorFlow.js with the checkpoint's weights and quantized like any variation
  const resolved: ResolvedModel = { name: record.name, architecture: record.architecture, factors: record.factors, graph: { ...graph, name: record.name }, source: 'plugin' };
  return { resolved, record };
}
