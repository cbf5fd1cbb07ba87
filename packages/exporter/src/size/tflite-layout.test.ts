import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { readTflite } from '../tflite/read-tflite.js';
import { writeTflite, type WriteOptions } from '../tflite/write-tflite.js';
import { fileSizeBreakdown } from '../tflite/size-breakdown.js';
import { referenceModelFiles } from '../tflite/reference-models.js';
import { forTarget } from '../tflite/tflm-target.js';
import { withOfflinePlan } from '../tflite/tflm-description.js';
import type { TfliteModel, TfliteTensor } from '../tflite/model.js';
import { layoutModelOf } from './layout-model.js';
import { tfliteFileSize } from './tflite-layout.js';
import { utf8Length } from './flat-layout.js';

const OPTIONS: readonly WriteOptions[] = [{}, { stripNames: true }, { stripMetadata: true }, { stripNames: true, stripMetadata: true }];

/** The layout arithmetic against the flatbuffers Builder: file size and every section, for each write option. */
function expectSameLayout(model: TfliteModel, what: string): void {
  for (const opts of OPTIONS) {
    expect(tfliteFileSize(layoutModelOf(model), opts), `${what} ${JSON.stringify(opts)}`).toEqual(fileSizeBreakdown(writeTflite(model, opts)));
  }
}

describe('tfliteFileSize: the writer\'s layout without writing', () => {
  const files = referenceModelFiles();

  it('finds the converter-written reference models', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('equals the breakdown of the written file for every reference model, every write option, both targets, with an offline plan', () => {
    for (const file of files) {
      const model = readTflite(new Uint8Array(readFileSync(file)));
      expectSameLayout(model, file);
      expectSameLayout(forTarget(model, 'tflm'), `${file} tflm`);
      expectSameLayout(withOfflinePlan(model, model.subgraphs[0]!.tensors.map((_, i) => (i % 3 === 0 ? -1 : 16 * i))), `${file} offline`);
    }
  });

  it('equals the written file for random names, shapes, quantization and metadata (property)', () => {
    const model = readTflite(new Uint8Array(readFileSync(files.find((f) => f.endsWith('mlperf_tiny_vww_96_int8.tflite'))!)));
    const sg = model.subgraphs[0]!;
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 9 }), { minLength: sg.tensors.length, maxLength: sg.tensors.length }),
        fc.array(fc.nat(7), { minLength: sg.tensors.length, maxLength: sg.tensors.length }),
        fc.array(fc.nat(5), { minLength: sg.tensors.length, maxLength: sg.tensors.length }),
        fc.array(fc.integer({ min: 0, max: 70 }), { minLength: model.buffers.length, maxLength: model.buffers.length }),
        fc.array(fc.record({ name: fc.string({ maxLength: 30 }), buffer: fc.nat(model.buffers.length - 1) }), { maxLength: 3 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (names, ranks, channels, bufferLengths, metadata, description) => {
          const tensors = sg.tensors.map((t, i): TfliteTensor => {
            const c = channels[i]!;
            const { quantization: _q, ...rest } = t;
            return {
              ...rest,
              name: names[i]!,
              shape: new Array<number>(ranks[i]!).fill(2),
              ...(c > 0 ? { quantization: { scale: new Array<number>(c).fill(0.5), zeroPoint: new Array<number>(c).fill(0), quantizedDimension: c % 4, ...(c > 3 ? { min: [0], max: [1, 2] } : {}) } } : {}),
            };
          });
          const buffers = model.buffers.map((_, i) => new Uint8Array(i === 0 ? 0 : bufferLengths[i]!));
          expectSameLayout({ ...model, description, metadata, buffers, subgraphs: [{ ...sg, tensors }] }, 'random');
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('counts UTF-8 bytes as TextEncoder does', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === new TextEncoder().encode(s).length), { seed: 3 });
    expect(utf8Length('\ud800x')).toBe(4);
  });
});
