import { describe, expect, it } from 'vitest';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { memoryReport } from './report.js';
import { scratchBytes } from './arena-breakdown.js';

describe('arena breakdown', () => {
  // Worked by hand from the CMSIS-NN DSP buffer-size rules quoted in arena-breakdown.ts.
  it('sizes CMSIS-NN scratch: im2col for a 3×3 conv, none for 1×1 and 3×3 depthwise', () => {
    const conv3 = { op: 'conv2d', kh: 3, kw: 3, cin: 3, cout: 8, strides: [2, 2], padding: 'same', inputHW: [96, 96] } as const;
    expect(scratchBytes(conv3, 'cmsis-nn')).toBe(2 * 28 * 2); // kh·kw·cin = 27 → aligned to 28, two int16 columns
    expect(scratchBytes(conv3, 'reference')).toBe(0);
    expect(scratchBytes({ ...conv3, kh: 1, kw: 1, strides: [1, 1] }, 'cmsis-nn')).toBe(0);
    expect(scratchBytes({ ...conv3, op: 'depthwiseConv2d', cin: 8, cout: 8 }, 'cmsis-nn')).toBe(0);
    expect(scratchBytes({ ...conv3, op: 'depthwiseConv2d', kh: 5, kw: 5, cin: 8, cout: 8 }, 'cmsis-nn')).toBe(8 * 25 * 2);
  });

  it('counts the reference model: per-channel data 8 bytes per conv/depthwise output channel', () => {
    const r = memoryReport(mobilenetV1.create().graph, { kernels: 'cmsis-nn' });
    // Output channels of the 27 convs (MISSION.md channel list): conv1 8, then dw/pw pairs.
    const pw = [16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256];
    const dw = [8, 16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256];
    const channels = 8 + pw.reduce((a, b) => a + b) + dw.reduce((a, b) => a + b);
    expect(r.breakdown.perChannelQuantizationBytes).toBe(8 * channels);
    expect(r.breakdown.activationBytes).toBe(r.arenaBytes);
    expect(r.breakdown.largestScratch).toEqual({ operator: 'conv1', bytes: 112 });
    // conv1's 112-byte scratch fits beside the 27,648 + 18,432 bytes alive then, under the 55,296-byte peak.
    expect(r.breakdown.nonPersistentBytes).toBe(r.arenaBytes);
  });
});
