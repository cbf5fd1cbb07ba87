import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { elementCount, mulberry32, parseName, type Architecture, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { buildTfjsModel, type LayerWeights } from '@cnn-analyzer/builders';
import { deployGraph } from '@cnn-analyzer/deployed-graph';
import { memoryReport, tflmOfflinePlan } from '@cnn-analyzer/memory-planner';
import { nodeWeights } from '@cnn-analyzer/metrics';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { assembleTflite, quantizeModel } from '../quantize/quantize-model.js';
import { writeTflite } from '../tflite/write-tflite.js';
import { fileSizeBreakdown } from '../tflite/size-breakdown.js';
import { forTarget } from '../tflite/tflm-target.js';
import { tflmDescriptionOf, withOfflinePlan } from '../tflite/tflm-description.js';
import type { TfliteModel } from '../tflite/model.js';
import { modelFileBytes, modelFileSize, modelFileSizes, int8ModelBytes, type ModelSizeOptions } from './model-file-size.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const EXAMPLES = PLUGINS.flatMap((p) => p.examples ?? []);

/** The files the pipeline writes: `export` (default, `--strip-names`, `--memory-plan offline`), `deploy` (`--target tflm`, stripped). */
const FILES: readonly ModelSizeOptions[] = [
  {},
  { stripNames: true, stripMetadata: true },
  { target: 'tflm', stripNames: true, stripMetadata: true },
  { target: 'tflm' },
  { offlinePlan: true },
  { offlinePlan: true, target: 'tflm', stripNames: true, stripMetadata: true },
];

/** Seeded random float weights in every layer's Keras layout (BatchNorm variances positive). */
function randomWeights(graph: LayerGraph, seed: number): Map<string, LayerWeights> {
  const next = mulberry32(seed);
  const weights = new Map<string, LayerWeights>();
  for (const node of graph.nodes) {
    const ws = nodeWeights(graph, node);
    if (ws.length === 0) continue;
    const values = ws.map((w, i) => Float32Array.from({ length: elementCount(w.shape) }, () => (node.op === 'batchNorm' && i === 3 ? 0.5 + next() : next() - 0.5)));
    weights.set(node.name, { shapes: ws.map((w) => [...w.shape]), values });
  }
  return weights;
}

/** The real file of one variant, as `export` / `deploy` build it from the quantized model. */
function writtenFile(model: TfliteModel, o: ModelSizeOptions): Uint8Array {
  const targeted = forTarget(model, o.target ?? 'tflite');
  const planned = o.offlinePlan ? withOfflinePlan(targeted, tflmOfflinePlan(tflmDescriptionOf(targeted)).offsets) : targeted;
  return writeTflite(planned, { stripNames: o.stripNames ?? false, stripMetadata: o.stripMetadata ?? false });
}

/** Every variant of a graph's file: the arithmetic equals the written file's bytes and every section and layer. */
function expectExact(graph: LayerGraph, quantized: (floatIO: boolean, order?: readonly string[]) => TfliteModel, name: string, withOrder = true): void {
  const optimal = withOrder ? memoryReport(graph, { order: 'optimal' }).operators : undefined;
  for (const floatIO of [false, true]) {
    const deployed = deployGraph(graph, { floatIO });
    const model = quantized(floatIO);
    for (const o of FILES) {
      const file = writtenFile(model, o);
      expect(modelFileSize(graph, deployed, o), `${name} floatIO=${floatIO} ${JSON.stringify(o)}`).toEqual(fileSizeBreakdown(file));
      // the total-only path: the written file's length
      expect(modelFileBytes(graph, deployed, o), `${name} floatIO=${floatIO} ${JSON.stringify(o)} bytes`).toBe(file.length);
    }
    if (!floatIO && optimal) {
      const ordered = writeTflite(quantized(floatIO, optimal));
      expect(modelFileSize(graph, deployed, { operatorOrder: optimal }), `${name} optimal order`).toEqual(fileSizeBreakdown(ordered));
      expect(modelFileBytes(graph, deployed, { operatorOrder: optimal }), `${name} optimal order bytes`).toBe(ordered.length);
    }
  }
}

const create = (name: string): LayerGraph => {
  const parsed = parseName(name, PLUGINS);
  return parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
};

describe('modelFileSize equals the written export, byte for byte and section by section', () => {
  it.each(EXAMPLES)('%s: every file the pipeline writes, int8 and float I/O', (name) => {
    const graph = create(name);
    const weights = randomWeights(graph, 11);
    const ranges = new Map(Object.keys(graph.tensors).map((t, i) => [t, { min: -1 - (i % 5), max: 1 + (i % 7) }]));
    expectExact(graph, (floatIO, order) => assembleTflite(graph, weights, ranges, { floatIO, ...(order ? { operatorOrder: order } : {}) }), name);
  }, 60_000);

  it.each(['mobilenetv1_0.25_96_c3_o2', 'shufflenetv1_0.25_96_c3_o2_g8', 'mobilenetv3small_0.3_96_c3_o2'])(
    '%s: equals the export calibrated through TensorFlow.js',
    (name) => {
      const graph = create(name);
      const model = buildTfjsModel(graph, { seed: 5, randomBatchNorm: true });
      for (const floatIO of [false, true]) {
        const file = quantizeModel(graph, model, { samples: 2, floatIO });
        for (const o of FILES) expect(modelFileSize(graph, deployGraph(graph, { floatIO }), o), `${name} ${floatIO} ${JSON.stringify(o)}`).toEqual(fileSizeBreakdown(writtenFile(file, o)));
        expect(int8ModelBytes(graph, { floatIO })).toBe(writeTflite(file).length);
      }
      model.dispose();
    },
    120_000,
  );

  it('modelFileSizes: one layout, the written file of each write option', () => {
    const graph = create('shufflenetv1_0.25_96_c3_o2_g8');
    const model = assembleTflite(graph, randomWeights(graph, 3), new Map(), {});
    const writes = [{}, { stripNames: true }, { stripMetadata: true }, { stripNames: true, stripMetadata: true }];
    const sizes = modelFileSizes(graph, deployGraph(graph), { target: 'tflm' }, writes);
    sizes.forEach((s, i) => expect(s, JSON.stringify(writes[i])).toEqual(fileSizeBreakdown(writtenFile(model, { target: 'tflm', ...writes[i] }))));
  }, 60_000);

  it('random sweep variations of the five architectures (property, bounded)', () => {
    const alpha = (values: number[]) => fc.constantFrom(...values);
    const common = { resolution: fc.constantFrom(32, 64, 96, 128), inputChannels: fc.constantFrom(1, 3), classes: fc.integer({ min: 2, max: 12 }) };
    const variation = fc.oneof(
      fc.record({ arch: fc.constant(mobilenetV1 as unknown as Architecture), factors: fc.record({ alpha: alpha([0.1, 0.2, 0.25, 0.35, 0.5, 0.7]), ...common, loopLength: fc.integer({ min: 1, max: 5 }), lastLayerChannels: fc.constantFrom(null, 16, 32, 64), penultimateLayerChannels: fc.constantFrom(null, 32, 128), beta: fc.constantFrom(1, 0.5, 0.3) }) }),
      fc.record({ arch: fc.constant(mobilenetV2 as unknown as Architecture), factors: fc.record({ alpha: alpha([0.1, 0.25, 0.35, 0.5]), ...common, expansion: fc.integer({ min: 1, max: 6 }), lastLayerChannels: fc.constantFrom(null, 64, 256) }) }),
      fc.record({ arch: fc.constant(mobilenetV3 as unknown as Architecture), factors: fc.record({ alpha: alpha([0.2, 0.3, 0.5]), ...common, squeeze: fc.boolean(), lastLayerChannels: fc.constantFrom(null, 32, 128), penultimateLayerChannels: fc.constantFrom(null, 64, 128) }) }),
      fc.record({ arch: fc.constant(shufflenetV1 as unknown as Architecture), factors: fc.record({ alpha: alpha([0.25, 0.5, 1]), ...common, groups: fc.constantFrom(1, 2, 3, 4, 8) }) }),
      fc.record({ arch: fc.constant(shufflenetV2 as unknown as Architecture), factors: fc.record({ alpha: alpha([0.05, 0.1, 0.25, 0.5]), ...common, firstLayerChannels: fc.constantFrom(8, 16, 24), lastLayerChannels: fc.constantFrom(64, 128, 1024) }) }),
    );
    let checked = 0;
    fc.assert(
      fc.property(variation, fc.nat(1000), ({ arch, factors }, seed) => {
        let graph: LayerGraph;
        try {
          graph = arch.create(factors as Record<string, unknown>).graph;
        } catch {
          return; // a combination the plugin's rules refuse (e.g. channels per unit not divisible by g)
        }
        checked++;
        const weights = randomWeights(graph, seed);
        // the memory-optimal order is left to the examples: its exact search is slow on some random graphs
        expectExact(graph, (floatIO) => assembleTflite(graph, weights, new Map(), { floatIO }), arch.create(factors as Record<string, unknown>).name, false);
      }),
      { numRuns: 24, seed: 20261201 },
    );
    expect(checked).toBeGreaterThan(12);
  }, 240_000);
});
