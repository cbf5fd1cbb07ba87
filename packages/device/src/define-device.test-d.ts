import { describe, expectTypeOf, it } from 'vitest';
import { defineDevice, type Device, type DeviceConfig } from './define-device.js';
import type { CostCoefficients, LatencyModel } from './latency-model.js';

const coefficients = { conv: 2, pointwise: 1.5, depthwise: 3, dense: 1.2, pool: 1, elementwise: 1, movement: 0.5, fused: 0 };
const config = {
  name: 'type-board',
  title: 'Type board',
  flash: 1024 * 1024,
  ram: 256 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: 80_000_000 },
  runtimes: [{ runtime: 'tflm-reference', coefficients, perOperatorCycles: 0, source: 'type test' }],
  runtimeFootprint: { flash: 60 * 1024, ram: 8 * 1024, source: 'type test' },
};

describe('defineDevice types a board from its schema', () => {
  it('returns a Device whose fields are typed and read-only', () => {
    const board = defineDevice(config);
    expectTypeOf(board).toEqualTypeOf<Device>();
    expectTypeOf(board.flash).toEqualTypeOf<number>();
    expectTypeOf(board.cpu).toMatchTypeOf<{ readonly core: string; readonly clockHz: number }>();
    expectTypeOf(board.runtimes).toEqualTypeOf<readonly LatencyModel[]>();
    expectTypeOf(board.latencyModel).toEqualTypeOf<(runtime?: string) => LatencyModel>();
    expectTypeOf(board.platformio).toEqualTypeOf<{ platform: string; board: string; framework: string } | undefined>();
  });

  it('fills defaults: softmax may be left out of the input but is in the output', () => {
    expectTypeOf<DeviceConfig['runtimes'][number]['coefficients']>().toHaveProperty('softmax');
    expectTypeOf<{ conv: number }>().not.toMatchTypeOf<DeviceConfig['runtimes'][number]['coefficients']>();
    expectTypeOf(coefficients).toMatchTypeOf<DeviceConfig['runtimes'][number]['coefficients']>();
    expectTypeOf(coefficients).not.toMatchTypeOf<CostCoefficients>();
    expectTypeOf<Device['runtimes'][number]['coefficients']>().toEqualTypeOf<CostCoefficients>();
  });

  it('rejects a config with missing or mistyped fields', () => {
    const { ram: _ram, ...withoutRam } = config;
    // @ts-expect-error ram is required
    defineDevice(withoutRam);
    // @ts-expect-error flash is bytes, a number
    defineDevice({ ...config, flash: '1 MB' });
    // @ts-expect-error a cost class that does not exist
    defineDevice({ ...config, runtimes: [{ ...config.runtimes[0]!, coefficients: { ...coefficients, gemm: 1 } }] });
    // @ts-expect-error runtimes entries need a source
    defineDevice({ ...config, runtimes: [{ runtime: 'x', coefficients, perOperatorCycles: 0 }] });
  });
});
