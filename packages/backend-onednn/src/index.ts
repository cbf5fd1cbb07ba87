export { registerOnednnBackend, onednnThreads, ONEDNN_BACKEND } from './onednn-backend.js';
export type { OnednnOptions } from './onednn-backend.js';
export { onednnAvailable } from './addon.js';
export { BATCH_NORM_TRAIN, BATCH_NORM_GRAD, MOVING_AVERAGES } from './batchnorm-kernels.js';
export { SGD_UPDATE, ADAM_UPDATE } from './optimizer-kernels.js';
