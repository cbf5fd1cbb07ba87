import { describe, expectTypeOf, it } from 'vitest';
import { defineDevice, type Device, type DeviceConfig } from './define-device.js';
import type { LatencyModel } from './latency-model.js';

const runtime = { runtime: 'tflm-reference', version: 'type test', cycles: { 'mac.conv': 2, 'mac.pointwise': 1.5, node: 1000 }, interval: { relative: 0.1, basis: 'type test' }, source: 'type test' };
const config = {
  name: 'type-board',
  title: 'Type board',
  flash: 1024 * 1024,
  ram: 256 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: 80_000_000 },
  runtimes: [runtime],
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

  it('types the cycles of a runtime by the latency features it knows', () => {
    expectTypeOf(runtime).toMatchTypeOf<DeviceConfig['runtimes'][number]>();
    expectTypeOf<{ 'mac.conv': number }>().toMatchTypeOf<DeviceConfig['runtimes'][number]['cycles']>();
    expectTypeOf<{ gemm: number }>().not.toMatchTypeOf<DeviceConfig['runtimes'][number]['cycles']>();
  });

  it('rejects a config with missing or mistyped fields', () => {
    const { ram: _ram, ...withoutRam } = config;
    // @ts-expect-error ram is required
    defineDevice(withoutRam);
    // @ts-expect-error flash is bytes, a number
    defineDevice({ ...config, flash: '1 MB' });
    // @ts-expect-error a latency feature that does not exist
    defineDevice({ ...config, runtimes: [{ ...runtime, cycles: { gemm: 1 } }] });
    // @ts-expect-error runtimes entries need a source
    defineDevice({ ...config, runtimes: [{ runtime: 'x', version: 'v', cycles: {}, interval: runtime.interval }] });
  });
});
