import { parseName } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel } from '@cnn-analyzer/builders';
import { int8ModelBytes, quantizeModel, writeTflite } from '@cnn-analyzer/exporter';
import { BUILTIN_ARCHITECTURES } from '@cnn-analyzer/cli';
import type { BenchResult } from './measure.js';

/** Export throughput over every example variation at 96×96 (build tfjs, calibrate on 8 inputs, quantize, write). */
export function exportBench(): BenchResult[] {
  const names = BUILTIN_ARCHITECTURES.flatMap((a) => a.examples ?? []).filter((n) => !n.includes('_224_'));
  const graphs = names.map((n) => {
    const p = parseName(n, BUILTIN_ARCHITECTURES);
    return p.architecture.create(p.factors as Record<string, unknown>).graph;
  });
  let start = performance.now();
  for (const g of graphs) {
    const model = buildTfjsModel(g, { seed: 1 });
    writeTflite(quantizeModel(g, model, { samples: 8 }));
    model.dispose();
  }
  const full = (graphs.length * 1000) / (performance.now() - start);
  start = performance.now();
  for (const g of graphs) int8ModelBytes(g);
  const sizeOnly = (graphs.length * 1000) / (performance.now() - start);
  return [
    { bench: 'export', figure: `full int8 export (${graphs.length} example variations)`, value: full, unit: 'variations/s' },
    { bench: 'export', figure: 'model size only (no tfjs, no calibration)', value: sizeOnly, unit: 'variations/s', note: `${(sizeOnly / full).toFixed(0)}× the full export` },
  ];
}
