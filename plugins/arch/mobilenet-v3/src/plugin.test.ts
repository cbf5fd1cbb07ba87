import { describe, expect, it } from 'vitest';
import { parseName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { architectureConformance } from '@cnn-analyzer/conformance';
import { mobilenetV3 } from './plugin.js';

// keras.applications model.summary() totals at 224×224×3, 1000 classes, α = 1 (include_top, minimalistic=False),
// as printed in many public scripts: MobileNetV3Small 2,554,968 (12,112 non-trainable), MobileNetV3Large 5,507,432.
architectureConformance(mobilenetV3, {
  references: [
    { name: 'mobilenetv3small_1_224_c3_o1000_keras', params: 2_554_968, source: 'keras.applications.MobileNetV3Small() summary: Total params: 2,554,968' },
    { name: 'mobilenetv3large_1_224_c3_o1000_keras', params: 5_507_432, source: 'keras.applications.MobileNetV3Large() summary: Total params: 5,507,432' },
  ],
});

describe('mobilenet-v3 specifics', () => {
  const build = (name: string) => mobilenetV3.create(parseName(name, [mobilenetV3]).factors as Record<string, unknown>).graph;

  it('has the block outputs of REFERENCE-ARCHITECTURES.md for α=0.3 NSQ (8, 8, 8, 16, 16, 16, 16, 16, 32, 32, 32)', () => {
    const { layers } = analyzeGraph(build('mobilenetv3smallNSQ_0.3_96_c3_o2_l32pl128'));
    const projects = layers.filter((l) => /^block_\d+_project$/.test(l.name)).map((l) => l.outputChannels);
    expect(projects).toEqual([8, 8, 8, 16, 16, 16, 16, 16, 32, 32, 32]);
    expect(layers.some((l) => l.op === 'multiply')).toBe(false);
    expect(layers.find((l) => l.name === 'block_12_expand_conv2d')!.outputChannels).toBe(128);
    expect(layers.find((l) => l.name === 'head_conv')!.outputChannels).toBe(32);
  });

  it('follows the study spatial sizes 48 → 48 → 23 → 23 → 10 → … → 3', () => {
    const { layers } = analyzeGraph(build('mobilenetv3small_0.3_96_c3_o2'));
    const h = (name: string) => layers.find((l) => l.name === name)!.outputShape[0];
    expect(['block_0_expand_conv2d', 'block_1_project', 'block_2_project', 'block_3_project', 'block_4_project', 'block_8_project', 'block_9_project'].map(h)).toEqual([48, 48, 23, 23, 10, 10, 3]);
  });

  it('keeps squeeze-and-excitation in the blocks the study lists (all but blocks 1 and 3)', () => {
    const { layers } = analyzeGraph(build('mobilenetv3small_0.3_96_c3_o2'));
    expect(layers.filter((l) => l.op === 'multiply').map((l) => l.name.split('_')[1])).toEqual(['2', '4', '5', '6', '7', '8', '9', '10', '11']);
  });

  it('parses the large base as the Keras network and writes it back canonically', () => {
    const p = parseName('mobilenetv3large_1_224_c3_o1000', [mobilenetV3]);
    expect(p.factors).toMatchObject({ variant: 'large', keras: true, squeeze: true });
    expect(p.canonical).toBe('mobilenetv3large_1_224_c3_o1000_keras');
  });

  it.each([
    [{ variant: 'large' }, 'rule "large exists only as the Keras network" broken'],
    [{ variant: 'medium' }, 'mobilenet-v3: factors.variant'],
    [{ penultimateLayerChannels: 0 }, 'mobilenet-v3: factors.penultimateLayerChannels'],
    [{ alpha: 0 }, 'mobilenet-v3: factors.alpha'],
  ])('rejects %j', (factors, message) => {
    expect(() => mobilenetV3.resolve(factors)).toThrow(message);
  });
});
