import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { estimateLatency, graphFeatures, mape, predictMs } from '@cnn-analyzer/device';
import { readTflite, referenceModelsDir, tfliteToGraph } from '@cnn-analyzer/exporter';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { stm32f746gDisco } from './device.js';
import { MLPERF_POINTS, MV3_NODE_POINTS, MV3_NODES, TFLM_CMSIS_NN_POINTS, VWW_SPLIT_POINTS, X_CUBE_AI_POINTS } from './calibration-data.js';

deviceConformance(stm32f746gDisco, { points: X_CUBE_AI_POINTS });

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('STM32F746G-Disco, X-CUBE-AI', () => {
  const graph = mobilenetV1.create().graph;

  it('the VWW split covers the reference model as lowered, feature by feature', () => {
    const recorded: Record<string, number> = {};
    for (const p of VWW_SPLIT_POINTS) for (const [k, v] of Object.entries(p.features)) recorded[k] = (recorded[k] ?? 0) + v!;
    // the deployed model also runs a RESHAPE before the dense layer (one node, not in the study's split)
    expect({ ...recorded, node: recorded.node! + 1 }).toEqual(graphFeatures(graph));
  });

  it('the MLPerf points carry the features of the benchmark .tflite files', () => {
    const files = ['mlperf_tiny_ic_pretrainedResnet_quant.tflite', 'mlperf_tiny_kws_ref_model_int8.tflite', 'mlperf_tiny_ad01_int8.tflite'];
    files.forEach((f, k) => {
      const { graph: g } = tfliteToGraph(readTflite(new Uint8Array(readFileSync(join(referenceModelsDir(), f)))));
      expect(MLPERF_POINTS[k]!.features, f).toEqual(graphFeatures(g));
    });
  });

  it('reads the MobileNet v3 profile consistently with X-CUBE-AI: MACC = MACs + one bias per output channel', () => {
    for (const [, type, name, macc, , , r] of MV3_NODES) {
      if (type !== 'Conv2D') continue;
      const macs = r[0] === 'pw' ? r[1] * r[2] * r[3] : r[0] === 'dw' ? r[1] * r[1] * r[2] * r[3] : NaN;
      const cout = r[0] === 'pw' ? r[2] : r[0] === 'dw' ? r[2] : NaN;
      expect(macs + cout, name).toBe(macc);
    }
    // every node but node 0
    expect(MV3_NODE_POINTS.length).toBe(MV3_NODES.length - 1);
  });

  // The study: 66.36 ms in total (X-CUBE-AI 8.0 validate, 216 MHz), 47.38 ms CONV_2D, 18.48 ms DEPTHWISE_CONV_2D.
  it("estimates the reference model within 3 % of the study's 66.36 ms, and its interval covers it", () => {
    const est = estimateLatency(stm32f746gDisco, graph, 'x-cube-ai');
    expect(Math.abs(est.totalMs - 66.36) / 66.36).toBeLessThan(0.03);
    expect(Math.abs(est.totalMs - 66.36)).toBeLessThan(est.intervalMs);
    const byOp = (op: string) => sum(graph.nodes.map((n, i) => (n.op === op ? est.layerMs[i]! : 0)));
    expect(Math.abs(byOp('conv2d') - 47.38) / 47.38).toBeLessThan(0.05);
    expect(Math.abs(byOp('depthwiseConv2d') - 18.48) / 18.48).toBeLessThan(0.05);
  });

  it('predicts the held-out per-node points within 8 % MAPE, fitted ones within 5 %', () => {
    const m = stm32f746gDisco.latencyModel('x-cube-ai');
    const pairs = (fit: boolean) => X_CUBE_AI_POINTS.filter((p) => p.fit === fit).map((p) => ({ predicted: predictMs(m, p, 216e6), measured: p.ms }));
    expect(mape(pairs(true))).toBeLessThan(5);
    expect(mape(pairs(false))).toBeLessThan(8);
    expect(pairs(false).length).toBeGreaterThan(20);
  });

  it("costs zero padding per byte (about 0.7 cycles, the study's pad nodes), not like a convolution", () => {
    const m = stm32f746gDisco.latencyModel('x-cube-ai');
    expect(m.cycles.copy!).toBeGreaterThan(0.3);
    expect(m.cycles.copy!).toBeLessThan(1.5);
    expect(m.cycles['mac.depthwise']!).toBeGreaterThan(m.cycles['mac.pointwise']!);
    expect(m.cycles['mac.first']!).toBeGreaterThan(2 * m.cycles['mac.pointwise']!);
  });
});

describe('STM32F746G-Disco, TFLM + CMSIS-NN', () => {
  const featuresOf = (alpha: number, resolution: number) => graphFeatures(mobilenetV2.create({ alpha, resolution, classes: 1000, keras: true }).graph);

  it('calibration features equal Keras MobileNetV2 at the published α and resolution as lowered', () => {
    expect(TFLM_CMSIS_NN_POINTS[0]!.features).toEqual(featuresOf(0.3, 80));
    expect(TFLM_CMSIS_NN_POINTS[1]!.features).toEqual(featuresOf(0.35, 64));
  });

  // Plumerai: 129 ms with TFLM 2.5 + CMSIS-NN (fitted); MCUNet's 2020 CMSIS-NN: 149 ms for w0.35-r64 (held out).
  it('reproduces the fitted point, under-predicts the older held-out point by less than half, and says its interval is a guess', () => {
    const m = stm32f746gDisco.latencyModel('tflm-cmsis-nn');
    expect(predictMs(m, TFLM_CMSIS_NN_POINTS[0]!, 216e6)).toBeCloseTo(129, 0);
    const held = TFLM_CMSIS_NN_POINTS.filter((p) => !p.fit).map((p) => ({ predicted: predictMs(m, p, 216e6), measured: p.ms }));
    expect(held[0]!.predicted).toBeLessThan(held[0]!.measured);
    expect(mape(held)).toBeLessThan(50);
    expect(m.interval.basis).toContain('no per-node data');
    expect(stm32f746gDisco.latencyModel().runtime).toBe('x-cube-ai');
  });
});
