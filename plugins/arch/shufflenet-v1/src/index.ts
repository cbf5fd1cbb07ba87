export { shufflenetV1 as default, shufflenetV1 } from './plugin.js';
export { factors, defaults, codes, ALPHAS, GROUPS } from './factors.js';
export type { ShuffleNetV1Factors } from './factors.js';
export { stageWidths, unitChannels } from './channels.js';
export type { UnitChannels } from './channels.js';
