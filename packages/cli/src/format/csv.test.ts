import { describe, expect, it } from 'vitest';
import type { VariationRow } from '@cnn-analyzer/model-db';
import { variationsCsv } from './csv.js';

const row = (over: Partial<VariationRow>): VariationRow => ({
  name: 'mobilenetv1_0.25_96_c3_o2',
  architecture: 'mobilenet-v1',
  factors: { alpha: 0.25 },
  params: 221_794,
  macs: 7_489_664,
  flops: 14_979_328,
  modelSizeBytes: 296_544,
  bytesPerParam: 296_544 / 221_794,
  peakMemoryBytes: 55_296,
  arenaBytes: 55_296,
  latencyMs: null,
  int8Accuracy: null,
  ...over,
});

describe('--format csv (csv-stringify)', () => {
  it('writes RFC 4180: a header, factors as a quoted JSON column, null as an empty field', () => {
    // expected text written by hand from RFC 4180 §2: fields with commas or quotes are quoted, quotes doubled
    expect(variationsCsv([row({})])).toBe(
      'name,architecture,factors,params,macs,flops,modelSizeBytes,bytesPerParam,peakMemoryBytes,arenaBytes,latencyMs,int8Accuracy\n' +
        `mobilenetv1_0.25_96_c3_o2,mobilenet-v1,"{""alpha"":0.25}",221794,7489664,14979328,296544,${296_544 / 221_794},55296,55296,,\n`,
    );
  });

  it('quotes names with commas, quotes and line breaks (imported file names can hold any of them)', () => {
    const csv = variationsCsv([row({ name: 'my "model", v2\nfinal.tflite@0123456789ab', architecture: 'tflite', factors: {}, latencyMs: 66.36, int8Accuracy: 0.854 })]);
    expect(csv.split('\n').slice(1).join('\n')).toBe('"my ""model"", v2\nfinal.tflite@0123456789ab",tflite,{},221794,7489664,14979328,296544,' + `${296_544 / 221_794},55296,55296,66.36,0.854\n`);
  });

  it('writes only the header for no rows', () => {
    expect(variationsCsv([])).toBe('name,architecture,factors,params,macs,flops,modelSizeBytes,bytesPerParam,peakMemoryBytes,arenaBytes,latencyMs,int8Accuracy\n');
  });
});
