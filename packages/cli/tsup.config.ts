import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts', 'sweep-worker': 'src/sweep/worker.ts', 'optimize-worker': 'src/optimize/evaluate-task.ts', 'train-runner': 'src/queue/train-runner.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
