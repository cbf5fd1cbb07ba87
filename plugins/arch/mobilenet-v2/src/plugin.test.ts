import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { mobilenetV2 } from './plugin.js';

architectureConformance(mobilenetV2, {
  references: [
    {
      name: 'mobilenetv2_0.25_96_c3_o2_t3l1024',
      params: 158_630,
      source: 'the study\'s printed Keras summary: subrockmann/tiny_cnn "01 Model Factory.ipynb", cell 73 (mobilenetv2_0.25_96_c3_o2_t3l1024.MV1, Total params: 158,630)',
    },
    {
      name: 'mobilenetv2_1_224_c3_o1000_keras',
      params: 3_538_984,
      macs: 300_774_272,
      source:
        'keras.applications.MobileNetV2(alpha=1.0, 224×224×3, 1000 classes): model.summary() Total params 3,538,984; ' +
        '300,774,272 MACs as reported by independent model compilers/counters for MobileNetV2-224 (the paper rounds to 300M)',
    },
  ],
});

describe('mobilenet-v2 specifics', () => {
  const build = (name: string) => mobilenetV2.create(parseName(name, [mobilenetV2]).factors as Record<string, unknown>).graph;

  it('has the channels of REFERENCE-ARCHITECTURES.md for α=0.25, t=5, ll=256 (stem 8; 4, 6, 8, 16, 24, 40, 80; last 256)', () => {
    const { layers } = analyzeGraph(build('mobilenetv2_0.25_96_c3_o2_t5l256'));
    const ch = (name: string) => layers.find((l) => l.name === name)!.outputChannels;
    expect(ch('conv1')).toBe(8);
    expect(['block_0_compress', 'block_1_compress', 'block_3_compress', 'block_6_compress', 'block_10_compress', 'block_13_compress', 'block_16_compress'].map(ch)).toEqual([4, 6, 8, 16, 24, 40, 80]);
    expect(ch('last_conv')).toBe(256);
    expect(ch('block_1_expand')).toBe(4 * 5);
  });

  it('matches the study summary layer by layer (cell 73): block_16_compress 9,600 params, last_conv 81,920, dense 2,050', () => {
    const { layers } = analyzeGraph(build('mobilenetv2_0.25_96_c3_o2_t3l1024'));
    const p = (name: string) => layers.find((l) => l.name === name)!.params;
    expect([p('conv1'), p('block_1_expand'), p('block_16_compress'), p('last_conv'), p('dense')]).toEqual([216, 48, 9600, 81920, 2050]);
    expect(layers.filter((l) => l.op === 'add')).toHaveLength(10); // add … add_9 in the summary
  });

  it.each([
    [{ expansion: 7 }, 'mobilenet-v2: factors.expansion'],
    [{ expansion: 0 }, 'mobilenet-v2: factors.expansion'],
    [{ keras: true, expansion: 5 }, 'rule "keras network has fixed t and last layer" broken'],
    [{ alpha: 0.05 }, 'rule "every block keeps at least one channel" broken: int(16·α) = 0'],
  ])('rejects %j', (factors, message) => {
    expect(() => mobilenetV2.resolve(factors)).toThrow(message);
  });
});
