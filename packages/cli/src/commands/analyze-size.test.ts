import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured as cli } from '../run-captured.js';

describe('analyze: where the model file\'s bytes go', () => {
  it('--json size equals the breakdown export --json reads off the written file, and what --strip-names saves', async () => {
    const name = 'mobilenetv1_0.25_96_c3_o2';
    const a = JSON.parse((await cli('analyze', name, '--json', '--no-db')).out);
    const out = mkdtempSync(join(tmpdir(), 'analyze-size-'));
    const e = await cli('export', name, '--out', out, '--samples', '1', '--json', '--no-db');
    expect(e.code, e.err).toBe(0);
    const exported = JSON.parse(e.out);
    expect(a.size.file).toBe('export');
    expect({ fileBytes: a.size.fileBytes, sections: a.size.sections, layers: a.size.layers }).toEqual(exported.size);
    expect(a.totals.modelSizeBytes).toBe(exported.modelSizeBytes);
    expect(a.size.stripNamesSavesBytes).toBe(exported.stripNamesSavesBytes);
    // issue #13: the reference model's export is 296,544 B, 294,144 B with --strip-names
    expect(a.size.fileBytes).toBe(296_544);
    expect(a.size.stripNamesSavesBytes).toBe(296_544 - 294_144);
  }, 60_000);

  it('with a board, sizes the file deploy writes (stripped, --target tflm) and prints the sections', async () => {
    const name = 'mobilenetv1_0.25_96_c3_o2';
    const a = JSON.parse((await cli('analyze', name, '--device', 'stm32f746g-disco', '--json', '--no-db')).out);
    const out = mkdtempSync(join(tmpdir(), 'analyze-size-'));
    const d = await cli('deploy', name, '--device', 'stm32f746g-disco', '--out', out, '--samples', '1', '--json', '--no-db');
    expect(d.code, d.err).toBe(0);
    expect(a.size.file).toBe('deploy');
    expect(a.deployment.modelBytes).toBe(JSON.parse(d.out).modelSizeBytes);
    expect(a.size.fileBytes).toBe(a.deployment.modelBytes);
    const text = await cli('analyze', name, '--no-db');
    expect(text.out).toMatch(/File bytes: +weights 208,\d{3}, biases [\d,]+, quantization [\d,]+, names\/metadata [\d,]+, tables [\d,]+, other constants [\d,]+, padding [\d,]+ bytes; --strip-names saves 2,400/);
  }, 60_000);
});
