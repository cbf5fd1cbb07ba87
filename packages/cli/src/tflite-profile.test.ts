import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTfliteRunner, referenceModelsDir } from '@cnn-analyzer/exporter';
import { parseTfliteProfile } from './tflite-profile.js';

// Two rows of a summary as TFLite prints it (tab-separated, from a KWS DS-CNN run of 3 invocations).
const SUMMARY = [
  '============================== Run Order ==============================',
  '\t             [node type]\t  [first]\t [avg ms]\t     [%]\t  [cdf%]\t  [mem KB]\t[times called]\t[Name]',
  '\t                 SOFTMAX\t    0.314\t    0.107\t  0.503%\t  0.503%\t     0.000\t        3\t[Identity]:12',
  '\t         AVERAGE_POOL_2D\t    0.344\t    0.126\t  0.591%\t  1.293%\t     0.000\t        3\t[functional_1/average_pooling2d/AvgPool]:9',
  '============================== Top by Computation Time ==============================',
  '\t                 SOFTMAX\t    0.314\t    0.107\t  0.503%\t  0.503%\t     0.000\t        3\t[Identity]:12',
].join('\n');

describe('parseTfliteProfile', () => {
  it('reads the run-order rows only, with the first run taken out of the average', () => {
    const ops = parseTfliteProfile(SUMMARY);
    expect(ops.map((o) => [o.op, o.node])).toEqual([['SOFTMAX', 'Identity'], ['AVERAGE_POOL_2D', 'functional_1/average_pooling2d/AvgPool']]);
    // (0.107 · 3 − 0.314) / 2
    expect(ops[0]!.avgMs).toBeCloseTo((0.107 * 3 - 0.314) / 2, 9);
  });

  it("reads TFLite's own profile of a real model: one row per operator it ran", async () => {
    const r = await createTfliteRunner(new Uint8Array(readFileSync(join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_int8.tflite'))));
    const x = new Int8Array(r.inputs[0]!.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < 3; i++) r.run([x]);
    const ops = parseTfliteProfile(r.profile());
    r.dispose();
    expect(ops.some((o) => o.op === 'SOFTMAX')).toBe(true);
    expect(ops.some((o) => o.op === 'AVERAGE_POOL_2D')).toBe(true);
    expect(ops.every((o) => o.avgMs >= 0)).toBe(true);
  });
});
