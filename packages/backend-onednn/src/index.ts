export { registerOnednnBackend, onednnAvailable, ONEDNN_BACKEND, BATCH_NORM_TRAIN, BATCH_NORM_GRAD } from './onednn-backend.js';
