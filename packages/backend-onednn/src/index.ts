export { registerOnednnBackend, onednnAvailable, ONEDNN_BACKEND } from './onednn-backend.js';
