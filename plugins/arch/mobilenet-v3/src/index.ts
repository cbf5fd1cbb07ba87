export { mobilenetV3 as default, mobilenetV3 } from './plugin.js';
export { factors, defaults, codes } from './factors.js';
export type { MobileNetV3Factors } from './factors.js';
export { studyBlockChannels } from './build-study.js';
