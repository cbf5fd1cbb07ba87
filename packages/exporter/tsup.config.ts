import { defineConfig } from 'tsup';

/** The shared library build with a second entry, `size` (no TensorFlow.js, no Node built-ins). */
export default defineConfig({
  entry: { index: 'src/index.ts', size: 'src/size.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
