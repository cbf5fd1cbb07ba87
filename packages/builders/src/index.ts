export { buildTfjsModel, layerName, TFJS_OP_TYPES } from './build-model.js';
export type { BuildOptions } from './build-model.js';
export { saveToMemory, loadFromMemory } from './save-load.js';
export type { SavedModel } from './save-load.js';
export { ChannelSlice, ChannelShuffle, HardActivation, GroupedConv2D } from './custom-layers.js';
export { layerWeights, activationRanges, predictOne } from './inspect.js';
export type { LayerWeights, Range } from './inspect.js';
