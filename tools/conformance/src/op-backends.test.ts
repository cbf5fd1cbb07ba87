import { describe, expect, it } from 'vitest';
import { GraphBuilder, OP_TYPES, type LayerGraph, type OpType } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { deployGraph, LOWERINGS } from '@cnn-analyzer/deployed-graph';
import { memoryReport } from '@cnn-analyzer/memory-planner';
import { opCostTerms } from '@cnn-analyzer/device';
import { buildTfjsModel, predictOne, TFJS_OP_TYPES } from '@cnn-analyzer/builders';
import { createTfliteRunner, generatedInputs, int8ModelBytes, quantizeModel, readTflite, writeTflite } from '@cnn-analyzer/exporter';

/**
 * The smallest graph that runs each op type on a 6×6×4 input; typed over every op type, so a new op without a probe
 * does not compile. BatchNorm and dropout only exist after a layer (TFLite folds or drops them).
 */
const PROBES: { readonly [T in OpType]: (g: GraphBuilder, x: string) => string } = {
  conv2d: (g, x) => g.conv2d(x, { filters: 4, kernelSize: 3, padding: 'same', groups: 2 }),
  depthwiseConv2d: (g, x) => g.depthwiseConv2d(x, { kernelSize: 3, padding: 'same' }),
  dense: (g, x) => g.dense(g.flatten(x), 3),
  batchNorm: (g, x) => g.batchNorm(g.conv2d(x, { filters: 4, kernelSize: 1 })),
  relu: (g, x) => g.relu(x),
  relu6: (g, x) => g.relu6(x),
  hardSwish: (g, x) => g.hardSwish(x),
  hardSigmoid: (g, x) => g.hardSigmoid(x),
  sigmoid: (g, x) => g.sigmoid(x),
  softmax: (g, x) => g.softmax(g.dense(g.flatten(x), 3)),
  add: (g, x) => g.add([x, g.conv2d(x, { filters: 4, kernelSize: 1 })]),
  multiply: (g, x) => g.multiply([x, g.sigmoid(g.conv2d(x, { filters: 4, kernelSize: 1 }))]),
  concat: (g, x) => g.concat([x, g.conv2d(x, { filters: 2, kernelSize: 1 })]),
  channelSplit: (g, x) => {
    const [a, b] = g.channelSplit(x, 2);
    return g.add([a!, b!]);
  },
  channelShuffle: (g, x) => g.channelShuffle(x, 2),
  globalAveragePool: (g, x) => g.globalAveragePool(x),
  averagePool: (g, x) => g.averagePool(x, { poolSize: 2, strides: 2 }),
  maxPool: (g, x) => g.maxPool(x, { poolSize: 2, strides: 2 }),
  reshape: (g, x) => g.reshape(x, [36, 4]),
  flatten: (g, x) => g.flatten(x),
  dropout: (g, x) => g.dropout(g.conv2d(x, { filters: 4, kernelSize: 1 }), 0.5),
  zeroPadding: (g, x) => g.zeroPadding(x, [[1, 1], [1, 1]]),
};

function probe(op: OpType): LayerGraph {
  const g = new GraphBuilder(`probe-${op}`);
  return g.build([PROBES[op](g, g.input([6, 6, 4]))]);
}

describe('every op type through every backend', () => {
  it('every op type has a lowering to TFLite, to TensorFlow.js and a probe', () => {
    expect(Object.keys(LOWERINGS).sort()).toEqual([...OP_TYPES].sort());
    expect([...TFJS_OP_TYPES].sort()).toEqual([...OP_TYPES].sort());
    expect(Object.keys(PROBES).sort()).toEqual([...OP_TYPES].sort());
  });

  it.each(OP_TYPES)('%s: metrics, deployed graph, memory plan, latency terms, tfjs and int8 TFLite agree', async (op) => {
    const graph = probe(op);
    expect(analyzeGraph(graph).layers.map((l) => l.op)).toContain(op);
    const deployed = deployGraph(graph);
    expect(memoryReport(graph).operators).toEqual(deployed.ops.map((o) => o.name));
    expect(opCostTerms(deployed).map((t) => t.op)).toEqual(deployed.ops.map((o) => o.name));

    const model = buildTfjsModel(graph, { seed: 3, randomBatchNorm: true });
    const samples = [...generatedInputs([6, 6, 4], 16, 5)];
    const bytes = writeTflite(quantizeModel(graph, model, { representative: samples }));
    expect(bytes.length).toBe(int8ModelBytes(graph));
    const file = readTflite(bytes);
    const sg = file.subgraphs[0]!;
    expect(sg.operators.map((o) => file.operatorCodes[o.opcodeIndex]!.builtin)).toEqual(deployed.ops.map((o) => o.builtin));

    // The int8 model in the real TFLite runtime computes what the float tfjs model does, within its output's steps.
    const inQ = sg.tensors[sg.inputs[0]!]!.quantization!;
    const outQ = sg.tensors[sg.outputs[0]!]!.quantization!;
    const runner = await createTfliteRunner(bytes);
    try {
      for (const x of samples.slice(0, 3)) {
        const q = Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / inQ.scale[0]! + inQ.zeroPoint[0]!))));
        const got = Array.from(runner.run([q])[0]!, (v) => (v - outQ.zeroPoint[0]!) * outQ.scale[0]!);
        const want = Array.from(predictOne(model, graph, x));
        expect(got).toHaveLength(want.length);
        // 3 output steps for the int8 rounding through one or two layers, plus 2 % of the output's range
        const range = Math.max(...want.map(Math.abs), 1e-3);
        want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(3 * outQ.scale[0]! + 0.02 * range));
      }
    } finally {
      runner.dispose();
      model.dispose();
    }
  });
});
