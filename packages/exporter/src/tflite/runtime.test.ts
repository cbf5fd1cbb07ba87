import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTfliteRunner, TfliteRuntimeError } from './runtime.js';
import { REFERENCE_MODELS_DIR } from './reference-models.js';

const load = (rel: string): Uint8Array => readFileSync(join(REFERENCE_MODELS_DIR, rel));

describe('the real TensorFlow Lite runtime (wasm from @tensorflow/tfjs-tflite)', () => {
  it('runs the hello-world sine model: x = π/2 gives ≈ sin(x) = 1', async () => {
    const runner = await createTfliteRunner(load('tflm/tensorflow/lite/micro/examples/hello_world/models/hello_world_float.tflite'));
    expect(runner.inputs[0]).toMatchObject({ dataType: 'float32', shape: [1, 1] });
    const [y] = runner.run([[Math.PI / 2]]);
    // The TFLM example's model approximates sin on [0, 2π] to within about 0.1.
    expect(y![0]!).toBeGreaterThan(0.85);
    expect(y![0]!).toBeLessThan(1.15);
    runner.dispose();
  });

  it('runs the MLPerf VWW int8 model deterministically with int8 I/O', async () => {
    const runner = await createTfliteRunner(load('mlperf_tiny_vww_96_int8.tflite'));
    expect(runner.inputs[0]).toMatchObject({ dataType: 'int8', shape: [1, 96, 96, 3] });
    const input = Int8Array.from({ length: 96 * 96 * 3 }, (_, i) => ((i * 37) % 256) - 128);
    const a = runner.run([input])[0]!;
    const b = runner.run([input])[0]!;
    expect([...a]).toEqual([...b]);
    expect(a).toHaveLength(2);
    // int8 softmax output: scale 1/256, zero point -128 → the two dequantized probabilities sum to ≈ 1.
    expect((a[0]! + 128 + a[1]! + 128) / 256).toBeCloseTo(1, 1);
    expect(runner.profile()).toContain('SOFTMAX'); // the convs run inside the XNNPACK delegate
    runner.dispose();
  });

  it('rejects bytes that are not a model with a typed error', async () => {
    await expect(createTfliteRunner(new Uint8Array(64))).rejects.toBeInstanceOf(TfliteRuntimeError);
  });
});
