export { mobilenetV1 as default, mobilenetV1 } from './plugin.js';
export { factors, defaults, codes } from './factors.js';
export type { MobileNetV1Factors } from './factors.js';
export { blockChannels } from './build.js';
