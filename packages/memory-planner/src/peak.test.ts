import { describe, expect, it } from 'vitest';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { memoryReport } from './report.js';
import { deploymentView } from './deployment-view.js';
import { peakMemory } from './peak.js';
import { workingSet } from './working-set.js';

describe('peak memory of the reference model', () => {
  // shared/docs/MISSION.md: "peak memory 54.0 KB" for mobilenetv1_0.25_96_c3_o2 (55,296 bytes, KB = 1024).
  it('is 55,296 bytes at the first pointwise conv (48×48×8 in + 48×48×16 out)', () => {
    const report = memoryReport(mobilenetV1.create().graph);
    expect(report.peakBytes).toBe(55_296);
    expect(report.peakOperator).toBe('conv_pw_1');
  });

  it('runs fused operators as the int8 TFLite model does (conv+BN+ReLU, 31 operators)', () => {
    const plan = deploymentView(mobilenetV1.create().graph);
    // 27 convs + average pool + RESHAPE (in place: no bytes of its own) + dense + softmax, as the MLPerf file lists them.
    expect(plan.ops.map((o) => o.type).filter((t) => t === 'CONV_2D' || t === 'DEPTHWISE_CONV_2D')).toHaveLength(27);
    expect(plan.ops).toHaveLength(31);
    const reshape = plan.ops.find((o) => o.type === 'RESHAPE')!;
    expect(reshape.outputs).toEqual(reshape.inputs);
  });

  it('does not change the peak for a variant whose first layers are the same (α=0.25, l=3)', () => {
    const f = parseName('mobilenetv1_0.25_96_c3_o2_l3', [mobilenetV1]).factors;
    expect(memoryReport(mobilenetV1.create(f as Record<string, unknown>).graph).peakBytes).toBe(55_296);
  });
});

describe('the working set per step', () => {
  it('equals the sum of the buffers the timeline lists alive at each step, on every example', async () => {
    const plugins = await Promise.all([
      import('@cnn-analyzer/arch-mobilenet-v1'),
      import('@cnn-analyzer/arch-mobilenet-v2'),
      import('@cnn-analyzer/arch-mobilenet-v3'),
      import('@cnn-analyzer/arch-shufflenet-v1'),
      import('@cnn-analyzer/arch-shufflenet-v2'),
    ]);
    const archs = [plugins[0].mobilenetV1, plugins[1].mobilenetV2, plugins[2].mobilenetV3, plugins[3].shufflenetV1, plugins[4].shufflenetV2] as unknown as Architecture[];
    for (const name of archs.flatMap((a) => a.examples ?? [])) {
      const parsed = parseName(name, archs);
      const plan = deploymentView(parsed.architecture.create(parsed.factors as Record<string, unknown>).graph);
      const { timeline } = peakMemory(plan);
      const set = workingSet(plan);
      expect(set.bytes, name).toEqual(timeline.map((e) => e.live.reduce((s, b) => s + b.bytes, 0)));
      expect(set.peakBytes).toBe(Math.max(...set.bytes));
      expect(timeline[set.peakStep]!.bytes).toBe(set.peakBytes);
    }
  });
});
