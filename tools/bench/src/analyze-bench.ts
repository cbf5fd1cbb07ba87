import { encodeName } from '@cnn-analyzer/arch-spec';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { opsPerSecond, type BenchResult } from './measure.js';

/** Variations per second for build only, and for build + layer metrics, over a 40-variation MobileNet v1 grid. */
export function analyzeBench(): BenchResult[] {
  const grid = [0.1, 0.2, 0.25, 0.35, 0.5, 0.7, 1, 1.4].flatMap((alpha) => [1, 2, 3, 4, 5].map((loopLength) => ({ alpha, loopLength })));
  const build = opsPerSecond(() => grid.forEach((f) => mobilenetV1.create(f))) * grid.length;
  const analyze = opsPerSecond(() => grid.forEach((f) => analyzeGraph(mobilenetV1.create(f).graph))) * grid.length;
  const names = opsPerSecond(() => grid.forEach((f) => encodeName(mobilenetV1, mobilenetV1.resolve(f)))) * grid.length;
  return [
    { bench: 'analyze', figure: 'build graph (MobileNet v1 grid)', value: build, unit: 'variations/s' },
    { bench: 'analyze', figure: 'build + layer metrics', value: analyze, unit: 'variations/s', note: `metrics cost ${(build / analyze).toFixed(2)}× the build alone` },
    { bench: 'analyze', figure: 'resolve + encode name', value: names, unit: 'names/s' },
  ];
}
