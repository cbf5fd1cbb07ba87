import { CnnAnalyzerError, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { Range } from '@cnn-analyzer/builders';
import { inOrder, type DeployedGraph, type DeployedOp } from '@cnn-analyzer/deployed-graph';
import type { TfliteModel } from '../tflite/model.js';
import { assignParams } from './param-groups.js';
import { EXPORT_DESCRIPTION, ModelAssembler } from './model-assembler.js';
import { emitOp, type EmitContext } from './emit-ops.js';
import type { FoldedWeights } from './fold-weights.js';

/**
 * Assemble the TfliteModel of a deployed graph: one TFLite operator per deployed operator, one tensor per deployed
 * tensor, in the given operator order.
 */
export function assembleDeployed(graph: LayerGraph, deployed: DeployedGraph, weights: (op: DeployedOp) => FoldedWeights, ranges: ReadonlyMap<string, Range>, operatorOrder?: readonly string[], layoutOnly?: { skipped: number }): TfliteModel {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new CnnAnalyzerError(`${graph.name}: only single-input, single-output models can be exported (got ${graph.inputs.length} in, ${graph.outputs.length} out)`, 'graph', graph.name);
  }
  const ops = operatorOrder ? inOrder(deployed, operatorOrder).ops : deployed.ops;
  const nodes = new Map(graph.nodes.map((n) => [n.name, n]));
  const m = new ModelAssembler();
  const ctx: EmitContext = { m, deployed, index: new Map(), params: assignParams(deployed, ranges), node: (op) => nodes.get(op.source)!, weights, ...(layoutOnly ? { layoutOnly } : {}) };
  for (const op of ops) emitOp(ctx, op);
  return m.finish(graph.name, deployed.inputs.map((t) => ctx.index.get(t)!), deployed.outputs.map((t) => ctx.index.get(t)!), EXPORT_DESCRIPTION);
}
