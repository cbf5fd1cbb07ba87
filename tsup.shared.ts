import { defineConfig } from 'tsup';

/** The build every library package shares: ESM, declarations, source maps, Node 20. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
