export { mobilenetV2 as default, mobilenetV2 } from './plugin.js';
export { factors, defaults, codes } from './factors.js';
export type { MobileNetV2Factors } from './factors.js';
export { studyBlockChannels, lastChannels } from './build-study.js';
