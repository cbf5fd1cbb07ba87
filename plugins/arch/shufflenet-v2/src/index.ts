export { shufflenetV2 as default, shufflenetV2 } from './plugin.js';
export { factors, defaults, codes, START_CHANNELS } from './factors.js';
export type { ShuffleNetV2Factors, ShuffleNetV2Alpha } from './factors.js';
export { stageOutputs } from './build.js';
