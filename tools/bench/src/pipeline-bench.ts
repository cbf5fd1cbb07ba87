import { elementCount, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { analyzeGraph, nodeWeights } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { memoryReport } from '@cnn-analyzer/memory-planner';
import { assembleTflite, int8ModelBytes, writeTflite } from '@cnn-analyzer/exporter';
import { estimateLatency, fitReport } from '@cnn-analyzer/device';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { analyze } from '@cnn-analyzer/analysis';
import { opsPerSecond, type BenchResult } from './measure.js';

/** The model size as the previous implementation computed it: the whole file assembled from zero-filled weights, then written. */
function sizeWithZeroWeights(graph: LayerGraph): number {
  const weights = new Map<string, { shapes: number[][]; values: Float32Array[] }>();
  for (const node of graph.nodes) {
    const ws = nodeWeights(graph, node);
    if (ws.length === 0) continue;
    const values = ws.map((w) => new Float32Array(elementCount(w.shape)));
    if (node.op === 'batchNorm') values[3]!.fill(1);
    weights.set(node.name, { shapes: ws.map((w) => [...w.shape]), values });
  }
  return writeTflite(assembleTflite(graph, weights as never, new Map())).length;
}

/**
 * The analysis pipeline against the previous composition of the same figures (layer metrics, memory plan, model size
 * from a zero-weight file, latency, fit), over a 40-variation MobileNet v1 grid on the STM32F746G-Disco.
 */
export function pipelineBench(): BenchResult[] {
  const grid = [0.1, 0.2, 0.25, 0.35, 0.5, 0.7, 1, 1.4].flatMap((alpha) => [1, 2, 3, 4, 5].map((loopLength) => mobilenetV1.create({ alpha, loopLength })));
  const previous = (): void => {
    for (const v of grid) {
      const metrics = analyzeGraph(v.graph);
      const memory = memoryReport(v.graph);
      const size = sizeWithZeroWeights(v.graph);
      estimateLatency(stm32f746gDisco, v.graph);
      fitReport(stm32f746gDisco, { modelBytes: size, arenaBytes: memory.arenaBytes, peakBytes: memory.peakBytes, macs: metrics.totals.macs });
    }
  };
  const pipeline = (): void => {
    for (const v of grid) analyze({ ...v, architecture: 'mobilenet-v1', source: 'plugin' }, { device: stm32f746gDisco });
  };
  const sizeOld = opsPerSecond(() => grid.forEach((v) => sizeWithZeroWeights(v.graph))) * grid.length;
  const sizeNew = opsPerSecond(() => grid.forEach((v) => int8ModelBytes(v.graph))) * grid.length;
  const before = opsPerSecond(previous) * grid.length;
  const after = opsPerSecond(pipeline) * grid.length;
  return [
    { bench: 'pipeline', figure: 'exact model size (layout arithmetic)', value: sizeNew, unit: 'variations/s', note: `${(sizeNew / sizeOld).toFixed(2)}× the zero-weight file (${Math.round(sizeOld)}/s)` },
    { bench: 'pipeline', figure: 'analyze() with a board (full report)', value: after, unit: 'variations/s', note: `${(after / before).toFixed(2)}× the previous composition (${Math.round(before)}/s)` },
  ];
}
