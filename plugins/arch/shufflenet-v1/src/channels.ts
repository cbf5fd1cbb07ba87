import { makeDivisible } from '@cnn-analyzer/arch-spec';
import { BASE_WIDTH, STEM_CHANNELS, UNITS, type ShuffleNetV1Factors } from './factors.js';

/** One unit's channels: input, bottleneck, output of its last grouped conv, and its stride. */
export interface UnitChannels {
  readonly stage: number;
  readonly input: number;
  readonly bottleneck: number;
  readonly conv: number;
  readonly stride: 1 | 2;
}

/** Stage widths: make_divisible(base·2^i·α, 2g). */
export function stageWidths(f: Pick<ShuffleNetV1Factors, 'alpha' | 'groups'>): number[] {
  return UNITS.map((_, i) => makeDivisible(BASE_WIDTH[f.groups] * 2 ** i * f.alpha, 2 * f.groups));
}

/** Every unit's channels; the stride-2 unit's conv gives C − Cin (the rest comes from the pooled shortcut). */
export function unitChannels(f: Pick<ShuffleNetV1Factors, 'alpha' | 'groups'>): UnitChannels[] {
  const units: UnitChannels[] = [];
  let input = STEM_CHANNELS;
  stageWidths(f).forEach((width, stage) => {
    for (let u = 0; u < UNITS[stage]!; u++) {
      const stride = u === 0 ? 2 : 1;
      units.push({ stage: stage + 2, input, bottleneck: Math.floor(width / 4), conv: stride === 2 ? width - input : width, stride });
      input = width;
    }
  });
  return units;
}
