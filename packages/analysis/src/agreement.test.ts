import { describe, expect, it } from 'vitest';
import { elementCount, parseName, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { nodeWeights } from '@cnn-analyzer/metrics';
import { assembleTflite, fileSizeBreakdown, forTarget, int8ModelBytes, readTflite, tflmDescriptionOf, writeTflite } from '@cnn-analyzer/exporter';
import { memoryReport, reservedArenaBytes, tflmArena, tflmDescriptionOfDeployed } from '@cnn-analyzer/memory-planner';
import { opCostTerms } from '@cnn-analyzer/device';
import { deployGraph } from '@cnn-analyzer/deployed-graph';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { analyze } from './analyze.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const EXAMPLES = PLUGINS.flatMap((p) => p.examples ?? []);

/** Seeded float weights of every layer (BatchNorm variances positive), without TensorFlow.js. */
function seededWeights(graph: LayerGraph): Map<string, { shapes: number[][]; values: Float32Array[] }> {
  let s = 11;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const out = new Map<string, { shapes: number[][]; values: Float32Array[] }>();
  for (const node of graph.nodes) {
    const ws = nodeWeights(graph, node);
    if (ws.length === 0) continue;
    const values = ws.map((w) => Float32Array.from({ length: elementCount(w.shape) }, rnd));
    if (node.op === 'batchNorm') values[3] = values[3]!.map((v) => Math.abs(v) + 0.5);
    out.set(node.name, { shapes: ws.map((w) => [...w.shape]), values });
  }
  return out;
}

describe('one deployed graph: the exported file, the memory plan and the latency model list the same operators', () => {
  it.each(EXAMPLES)('%s', (name) => {
    const parsed = parseName(name, PLUGINS);
    const graph = parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
    const bytes = writeTflite(assembleTflite(graph, seededWeights(graph) as never, new Map()));
    const tflite = readTflite(bytes);
    const sg = tflite.subgraphs[0]!;
    // what the file runs: each operator's builtin and the name of its first output tensor
    const fileOps = sg.operators.map((o) => ({ builtin: tflite.operatorCodes[o.opcodeIndex]!.builtin, output: sg.tensors[o.outputs[0]!]!.name }));

    const deployed = deployGraph(graph);
    expect(deployed.ops.map((o) => ({ builtin: o.builtin, output: o.outputs[0] }))).toEqual(fileOps);
    const planned = memoryReport(graph).operators;
    const costed = opCostTerms(deployed).map((t) => t.op);
    expect(planned).toEqual(deployed.ops.map((o) => o.name));
    expect(costed).toEqual(planned);
    const report = analyze({ name, architecture: parsed.architecture.name, factors: parsed.factors, graph, source: 'plugin' }, { device: stm32f746gDisco }).report;
    expect(report.operators.map((o) => o.name)).toEqual(planned);
    expect(report.operators.map((o) => o.builtin)).toEqual(fileOps.map((o) => o.builtin));
    // the deployed graph's tensors are the file's tensors, constants included
    expect(Object.keys(deployed.tensors).sort()).toEqual(sg.tensors.map((t) => t.name).sort());
    // the exact model size, computed without weights, is the written file's
    expect(int8ModelBytes(graph)).toBe(bytes.length);
    // TFLM sees in the deployed graph what it sees in the file, so the arena of the report is the file's
    expect(tflmDescriptionOfDeployed(deployed)).toEqual(tflmDescriptionOf(tflite));
    const deployedFile = forTarget(tflite, 'tflm');
    expect(tflmDescriptionOfDeployed(deployed, { target: 'tflm' })).toEqual(tflmDescriptionOf(deployedFile));
    expect(report.totals.arenaBytes).toBe(reservedArenaBytes(tflmArena(tflmDescriptionOf(deployedFile), { kernels: report.deployment!.kernels })));
    // with a board the size is the file deploy writes (stripped, --target tflm): its bytes and breakdown
    const deployBytes = writeTflite(deployedFile, { stripNames: true, stripMetadata: true });
    const { file, stripNamesSavesBytes, ...breakdown } = report.size!;
    expect(file).toBe('deploy');
    expect(breakdown).toEqual(fileSizeBreakdown(deployBytes));
    expect(report.deployment!.modelBytes).toBe(deployBytes.length);
    expect(stripNamesSavesBytes).toBe(writeTflite(deployedFile).length - deployBytes.length);
    // without one, the file export writes, and what --strip-names takes off it
    const plain = analyze({ name, architecture: parsed.architecture.name, factors: parsed.factors, graph, source: 'plugin' }).report;
    const { file: exportFile, stripNamesSavesBytes: saves, ...exportBreakdown } = plain.size!;
    expect(exportFile).toBe('export');
    expect(exportBreakdown).toEqual(fileSizeBreakdown(bytes));
    expect(plain.totals.modelSizeBytes).toBe(bytes.length);
    expect(saves).toBe(bytes.length - writeTflite(tflite, { stripNames: true, stripMetadata: true }).length);
  });
});
