import { defineConfig } from 'tsup';
import shared from '../../tsup.shared';

// Three entries: the whole exporter (Node); `browser` — the reader, writer and model size without Node built-ins;
// `size` — the exact model size only (no TensorFlow.js, no Node built-ins).
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/browser.ts', 'src/size.ts'] });
