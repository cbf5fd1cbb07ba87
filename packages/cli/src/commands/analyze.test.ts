import { describe, expect, it } from 'vitest';
import { runCaptured } from '../run-captured.js';

const cli = runCaptured;

/** Pointwise (1×1 conv) output channels, in order, from an analyze --json report. */
function pointwiseChannels(out: string): number[] {
  const report = JSON.parse(out) as { layers: { name: string; outputChannels: number }[] };
  return report.layers.filter((l) => /^conv1$|^conv_pw_\d+$/.test(l.name)).map((l) => l.outputChannels);
}

describe('cnn-analyzer analyze', () => {
  it('reports the MLPerf Tiny VWW reference numbers (MISSION.md: 221,794 params, 7,489,664 MACs)', async () => {
    const { code, out } = await cli('analyze', 'mobilenetv1_0.25_96_c3_o2', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.name).toBe('mobilenetv1_0.25_96_c3_o2');
    expect(report.architecture).toBe('mobilenet-v1');
    expect(report.totals.params).toBe(221_794);
    expect(report.totals.macs).toBe(7_489_664);
    expect(report.factors).toMatchObject({ alpha: 0.25, resolution: 96, inputChannels: 3, classes: 2, loopLength: 5 });
  });

  it('analyzes the reference model when no model is named', async () => {
    const { code, out } = await cli('analyze', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).name).toBe('mobilenetv1_0.25_96_c3_o2');
  });

  // Channel lists: shared/docs/MISSION.md, "Channels per pointwise conv" for the four variants.
  const r = (n: number, c: number): number[] => Array.from({ length: n }, () => c);
  it.each([
    ['mobilenetv1_0.25_96_c3_o2', [8, 16, 32, 32, 64, 64, 128, ...r(5, 128), 256, 256]],
    ['mobilenetv1_0.25_96_c3_o2_l3', [8, 16, 32, 32, 64, 64, 128, ...r(3, 128), 256, 256]],
    ['mobilenetv1_0.3_96_c3_o2_l5ll32pl256', [9, 19, 38, 38, 76, 76, 153, ...r(5, 153), 256, 32]],
    ['mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3', [22, 44, 89, 89, 179, 179, 107, ...r(5, 107), 64, 32]],
  ])('%s has the pointwise channels of MISSION.md', async (name, channels) => {
    const { code, out } = await cli('analyze', name, '--json');
    expect(code).toBe(0);
    expect(pointwiseChannels(out)).toEqual(channels);
  });

  it('builds from an architecture id and factor flags', async () => {
    const { code, out } = await cli('analyze', 'mobilenet-v1', '--alpha', '0.25', '--loop-length=3', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).name).toBe('mobilenetv1_0.25_96_c3_o2_l3');
  });

  it('prints a Keras-style table with totals', async () => {
    const { code, out } = await cli('analyze');
    expect(code).toBe(0);
    expect(out).toMatch(/^Model: mobilenetv1_0\.25_96_c3_o2/);
    expect(out).toMatch(/conv_pw_13 \(conv2d\)\s+3×3×256\s+3×3×256\s+256\s+65,792/);
    expect(out).toContain('Total params:      221,794');
    expect(out).toContain('MACs:              7,489,664');
  });

  it.each([
    [['analyze', 'mobilenet-v1', '--alhpa', '0.3'], 'mobilenet-v1: factors.alhpa: unknown key'],
    [['analyze', '--alhpa', '0.3'], 'mobilenet-v1: factors.alhpa: unknown key'],
    [['analyze', 'mobilenet-v1', '--alpha', '-1'], 'factors.alpha'],
    [['analyze', 'mobilenet-v1', '--alpha', 'abc'], '"abc"'],
    [['analyze', 'mobilenet-v1', '--loop-length', '2.5'], 'factors.loopLength'],
    [['analyze', 'mobilenetv1_0.25_96_c3_o2_l9'], 'factors.loopLength'],
    [['analyze', 'mobilenetv1_0.25_96_c3'], 'got 4 part(s)'],
    [['analyze', 'mobilenetv1_x_96_c3_o2'], 'part 2 "x" must be the width multiplier'],
    [['analyze', 'mobilenetv1_0.25_96_3_o2'], 'part 4 "3" must be the input channels written c<number>'],
    [['analyze', 'mobilenetv1_0.25_96_c3_o2_q9'], 'unknown code at "q9"'],
    [['analyze', 'mobilenetv1_0.25_96_c3_o2_l'], 'code "l" (loopLength) must be followed by a number'],
    [['analyze', 'resnet_1_96_c3_o2'], 'part 1 "resnet" is not a known base model'],
    [['analyze', 'foo-bar'], 'architecture "foo-bar" is unknown'],
    [['analyze', 'mobilenet-v1', 'stray'], 'unexpected argument "stray"'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('rejects %j with exit code 2 and one line', async (argv, message) => {
    const { code, out, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('has --help for the program and every command', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.out).toContain('analyze');
    const sub = await cli('analyze', '--help');
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('--loop-length');
    expect(sub.out).toContain('[code l]');
    const list = await cli('architectures', '--help');
    expect(list.code).toBe(0);
  });
});

describe('analyze reports memory', () => {
  it('gives totals.peakMemoryBytes = 55,296 for the reference model (MISSION.md: 54.0 KB)', async () => {
    const { code, out } = await cli('analyze', '--json');
    expect(code).toBe(0);
    const totals = JSON.parse(out).totals;
    expect(totals.peakMemoryBytes).toBe(55_296);
    expect(totals.arenaBytes).toBeGreaterThanOrEqual(55_296);
  });
});
