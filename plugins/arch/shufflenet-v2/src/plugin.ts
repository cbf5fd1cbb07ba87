import { defineArchitecture } from '@cnn-analyzer/arch-spec';
import { factors, defaults, codes } from './factors.js';
import { build } from './build.js';

/**
 * ShuffleNet v2 as the study's "tiny" variant. Every channel split halves the 2c channels that a
 * down-sampling unit concatenates from two c-channel branches, so the even-channel requirement of
 * the split holds for every α of the table by construction (the split's shape rule still checks it).
 */
export const shufflenetV2 = defineArchitecture({
  name: 'shufflenet-v2',
  description: "ShuffleNet v2 (the study's tiny variant) with first and last layer channels",
  // `shufflenetv2tiny` is the study's own base name (model DB, "08 Update Model DB.ipynb"); it parses to the
  // same network, and canonical names use `shufflenetv2` as MISSION.md does.
  bases: [{ base: 'shufflenetv2' }, { base: 'shufflenetv2tiny' }],
  factors,
  defaults,
  codes,
  build,
  examples: [
    'shufflenetv2_0.25_96_c3_o2',
    'shufflenetv2_0.1_96_c3_o2_l128',
    'shufflenetv2_0.05_96_c3_o2_f8l64',
    'shufflenetv2tiny_0.2_96_c3_o2_f12l16',
    'shufflenetv2_1_96_c3_o10',
  ],
});
