import type { AnalysisExtras, LayerDetail, OperatorExtra } from '@cnn-analyzer/model-db';

/** One deployed layer: an operator of the int8 model with the IR layers fused into it merged (BatchNorm, ReLU). */
export interface DeployedLayer {
  /** The IR layer the operator implements. */
  readonly name: string;
  /** TFLite builtin (`CONV_2D` …), or the IR op when no deployed operators were recorded. */
  readonly op: string;
  /** IR layers merged into this row besides `name`. */
  readonly fused: readonly string[];
  /** Params as Keras counts them (BatchNorm's 4 per channel included). */
  readonly params: number;
  readonly macs: number;
  /** Working memory while it runs, bytes. */
  readonly ramBytes: number | null;
  /** Estimated latency on the board of the recorded analysis, ms. */
  readonly latencyMs: number | null;
  /** Input height, px (null for flat inputs). */
  readonly inputHeight: number | null;
  readonly outputChannels: number;
  /** Factors that set the layer's width (the study's "scaling factors" column). */
  readonly scaling: readonly string[];
}

const height = (l: LayerDetail): number | null => (l.inputShape.length === 3 ? l.inputShape[0]! : null);

function fromOperators(layers: readonly LayerDetail[], extras: AnalysisExtras, operators: readonly OperatorExtra[]): DeployedLayer[] {
  const info = new Map((extras.layers ?? []).map((l) => [l.name, l]));
  const byName = new Map(layers.map((l) => [l.name, l]));
  const members = new Map<string, LayerDetail[]>();
  for (const l of layers) {
    const op = info.get(l.name)?.deployedAs[0];
    if (op !== undefined) members.set(op, [...(members.get(op) ?? []), l]);
  }
  return operators.map((op) => {
    const own = members.get(op.name) ?? [];
    const source = byName.get(op.source) ?? own[0];
    const latency = op.latencyMs ?? (own.some((l) => l.latencyMs !== null) ? own.reduce((s, l) => s + (l.latencyMs ?? 0), 0) : null);
    const scaling = [...new Set([...(info.get(op.source)?.scaling ?? []), ...own.flatMap((l) => info.get(l.name)?.scaling ?? [])])];
    return {
      name: op.source,
      op: op.builtin,
      fused: own.map((l) => l.name).filter((n) => n !== op.source),
      params: own.length > 0 ? own.reduce((s, l) => s + l.params, 0) : op.params,
      macs: op.macs,
      ramBytes: op.ramBytes,
      latencyMs: latency,
      inputHeight: source ? height(source) : null,
      outputChannels: (own[own.length - 1] ?? source)?.outputChannels ?? 0,
      scaling,
    };
  });
}

/** Without recorded operators: a layer that runs (has working memory) starts a row; the fused ones after it join it. */
function fromLayers(layers: readonly LayerDetail[]): DeployedLayer[] {
  const rows: { head: LayerDetail; rest: LayerDetail[] }[] = [];
  for (const l of layers) {
    if (l.ramBytes !== null || rows.length === 0) rows.push({ head: l, rest: [] });
    else rows[rows.length - 1]!.rest.push(l);
  }
  return rows.map(({ head, rest }) => {
    const all = [head, ...rest];
    return {
      name: head.name,
      op: head.op,
      fused: rest.map((l) => l.name),
      params: all.reduce((s, l) => s + l.params, 0),
      macs: all.reduce((s, l) => s + l.macs, 0),
      ramBytes: head.ramBytes,
      latencyMs: all.some((l) => l.latencyMs !== null) ? all.reduce((s, l) => s + (l.latencyMs ?? 0), 0) : null,
      inputHeight: height(head),
      outputChannels: all[all.length - 1]!.outputChannels,
      scaling: [],
    };
  });
}

/**
 * The scorecard's layer rows: one per deployed operator, the IR layers fused into it merged, with the factors that
 * scale it. `extras` are the analysis extras to use (the board's, when latency is wanted); without them the rows come
 * from the layer table alone.
 */
export function deployedLayers(layers: readonly LayerDetail[], extras: AnalysisExtras | undefined): DeployedLayer[] {
  return extras?.operators && extras.operators.length > 0 ? fromOperators(layers, extras, extras.operators) : fromLayers(layers);
}
