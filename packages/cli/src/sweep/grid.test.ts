import { describe, expect, it } from 'vitest';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import { expandGrid, parseAxes } from './grid.js';

const v1: AnyArchitecture = mobilenetV1;

describe('sweep grids', () => {
  it('reads lists, integer ranges and stepped ranges, without float drift or repeats', () => {
    const axes = parseAxes(v1, ['--alpha', '0.1..0.5:0.1,0.25,0.3', '--loop-length=1..5', '--keras', 'true,false']);
    expect(axes).toEqual([
      { key: 'alpha', flag: 'alpha', values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.25] },
      { key: 'loopLength', flag: 'loop-length', values: [1, 2, 3, 4, 5] },
      { key: 'keras', flag: 'keras', values: [true, false] },
    ]);
  });

  it('names the flag and value of bad input', () => {
    expect(() => parseAxes(v1, ['--alhpa', '0.1'])).toThrow(/--alhpa: not a factor of mobilenet-v1/);
    expect(() => parseAxes(v1, ['--alpha', '0.1,9'])).toThrow(/--alpha: 9 is not allowed/);
    expect(() => parseAxes(v1, ['--alpha'])).toThrow(/--alpha: needs a list of values/);
    expect(() => parseAxes(v1, ['--loop-length', '5..1'])).toThrow(/--loop-length: range "5..1" runs backwards/);
    expect(() => parseAxes(v1, ['--alpha', '0.1', '--alpha', '0.2'])).toThrow(/--alpha is given twice/);
    expect(() => parseAxes(v1, ['0.1'])).toThrow(/unexpected argument "0.1"/);
  });

  it('expands the cartesian product into canonical names, one per distinct variation', () => {
    const grid = expandGrid(v1, parseAxes(v1, ['--alpha', '0.25,0.5', '--loop-length', '5,3']));
    // loop length 5 is the default and leaves the name (MISSION.md naming scheme)
    expect(grid.points.map((p) => p.name)).toEqual(['mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.25_96_c3_o2_l3', 'mobilenetv1_0.5_96_c3_o2', 'mobilenetv1_0.5_96_c3_o2_l3']);
    expect(grid.invalid).toEqual([]);
  });

  it('keeps combinations the plugin refuses apart, with the reason', () => {
    // ShuffleNet v1 g = 2 at α = 0.25: 200 × 0.25 = 50 stage-2 channels, a quarter (bottleneck) of which is
    // 12.5 → 13, not divisible by 2 groups; g = 1 always divides.
    const shuffle: AnyArchitecture = shufflenetV1;
    expect(() => parseAxes(shuffle, ['--groups', '5'])).toThrow(/--groups: 5 is not allowed/);
    const grid = expandGrid(shuffle, parseAxes(shuffle, ['--alpha', '0.25', '--groups', '1,2,3,4,8']));
    expect(grid.points.length + grid.invalid.length).toBe(5);
    expect(grid.invalid.every((i) => /rule .* broken/.test(i.reason))).toBe(true);
    expect(grid.invalid.map((i) => i.factors.groups)).toContain(2);
    expect(grid.points.map((p) => p.factors.groups)).toContain(1);
  });
});
