import { describe, expect, it } from 'vitest';
import { runCaptured } from '../run-captured.js';

const cli = runCaptured;

// Every example name of shared/docs/MISSION.md ("Names").
const MISSION_EXAMPLES = [
  'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3',
  'mobilenetv1_0.25_96_c3_o2_l3',
  'mobilenetv2_0.25_96_c3_o2_t5l256',
  'mobilenetv3smallNSQ_0.3_96_c3_o2_l32pl128',
  'shufflenetv1_0.25_96_c3_o2_g1',
  'shufflenetv2_0.1_96_c3_o2_l128',
  'mobilenetv1_0.25_96_c3_o2',
  'mobilenetv2_0.35_96_c3_o2_keras',
];

describe('analyze on every MISSION.md example name', () => {
  it.each(MISSION_EXAMPLES)('%s prints a per-layer table and JSON', async (name) => {
    const table = await cli('analyze', name);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain('Layer (type)');
    expect(table.out).toMatch(/Total params: +[\d,]+/);
    const json = await cli('analyze', name, '--json');
    const report = JSON.parse(json.out);
    expect(report.layers.length).toBeGreaterThan(10);
    expect(report.totals.params).toBeGreaterThan(0);
  });

  it('builds every architecture from its id and flags', async () => {
    const cases: [string[], string][] = [
      [['mobilenet-v2', '--expansion', '5', '--last-layer-channels', '256', '--alpha', '0.25'], 'mobilenetv2_0.25_96_c3_o2_t5l256'],
      [['mobilenet-v3', '--squeeze', 'false', '--last-layer-channels', '32', '--penultimate-layer-channels', '128'], 'mobilenetv3smallNSQ_0.3_96_c3_o2_l32pl128'],
      [['shufflenet-v1', '--groups', '1'], 'shufflenetv1_0.25_96_c3_o2_g1'],
      [['shufflenet-v2', '--alpha', '0.1', '--last-layer-channels', '128'], 'shufflenetv2_0.1_96_c3_o2_l128'],
    ];
    for (const [args, name] of cases) {
      const r = await cli('analyze', ...args, '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).name).toBe(name);
    }
  });

  it.each([
    [['analyze', 'shufflenetv1_0.25_96_c3_o2_g2'], 'rule "channels per unit divisible by g" broken'],
    [['analyze', 'shufflenetv1_0.2_96_c3_o2_g8'], 'shufflenet-v1: factors.groups: rule "channels per unit divisible by g" broken: stage 2: bottleneck channels 20'], // α is free now; 0.2 with g = 8 breaks the rule
    [['analyze', 'shufflenetv2_0.3_96_c3_o2'], 'shufflenet-v2: factors.alpha'],
    [['analyze', 'mobilenetv2_0.25_96_c3_o2_t7'], 'mobilenet-v2: factors.expansion'],
    [['analyze', 'mobilenet-v3', '--variant', 'large'], 'rule "large exists only as the Keras network" broken'],
  ])('rejects invalid combinations: %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
