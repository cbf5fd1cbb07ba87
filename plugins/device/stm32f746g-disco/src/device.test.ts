import { describe, expect, it } from 'vitest';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { costClasses, estimateLatency, layerWork } from '@cnn-analyzer/device';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { stm32f746gDisco } from './device.js';
import { X_CUBE_AI_POINTS } from './calibration-data.js';

deviceConformance(stm32f746gDisco, { points: X_CUBE_AI_POINTS });

describe('STM32F746G-Disco, X-CUBE-AI', () => {
  const graph = mobilenetV1.create().graph;

  it('calibration work equals the reference model as analyzed', () => {
    const classes = costClasses(graph);
    const work: Record<string, number> = {};
    analyzeGraph(graph).layers.forEach((l, i) => (work[classes[i]!] = (work[classes[i]!] ?? 0) + layerWork(l, classes[i]!)));
    const recorded = Object.assign({}, ...X_CUBE_AI_POINTS.map((p) => p.work));
    expect(recorded).toEqual(Object.fromEntries(Object.entries(work).filter(([k]) => k !== 'fused')));
  });

  // MISSION.md: 66.36 ms in total, 47.38 ms CONV_2D, 18.48 ms DEPTHWISE_CONV_2D (X-CUBE-AI 8.0 validate, 216 MHz).
  it('estimates the reference model at 66.4 ms with the published per-op split (±1 %)', () => {
    const est = estimateLatency(stm32f746gDisco, graph, 'x-cube-ai');
    expect(est.totalMs).toBeGreaterThan(66.36 * 0.99);
    expect(est.totalMs).toBeLessThan(66.36 * 1.01);
    const sum = (ops: string[]) => graph.nodes.reduce((s, n, i) => s + (ops.includes(n.op) ? est.layerMs[i]! : 0), 0);
    expect(Math.abs(sum(['conv2d']) - 47.38) / 47.38).toBeLessThan(0.01);
    expect(Math.abs(sum(['depthwiseConv2d']) - 18.48) / 18.48).toBeLessThan(0.01);
    // depthwise costs more per MAC than 1×1 convolutions on this runtime
    expect(stm32f746gDisco.runtimes[0]!.coefficients.depthwise).toBeGreaterThan(stm32f746gDisco.runtimes[0]!.coefficients.pointwise);
  });
});
