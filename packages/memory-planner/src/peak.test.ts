import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { memoryReport } from './report.js';
import { deploymentView } from './deployment-view.js';

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
