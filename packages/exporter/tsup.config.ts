import { defineConfig } from 'tsup';
import shared from '../../tsup.shared';

// Two entries: the whole exporter (Node), and `browser` — the reader, writer and model size without Node built-ins.
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/browser.ts'] });
