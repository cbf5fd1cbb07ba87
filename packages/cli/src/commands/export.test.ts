import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createTfliteRunner, readTflite } from '@cnn-analyzer/exporter';
import { runCaptured } from '../run-captured.js';

const cli = runCaptured;

/** A folder of small PNGs, one sub-folder per class, as a user's representative set would be laid out. */
function imageFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rep-'));
  ['person', 'no_person'].forEach((cls, k) => {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < 3; i++) {
      const img = new PNG({ width: 40, height: 30 });
      for (let p = 0; p < 40 * 30; p++) img.data.set([(p * (i + 1) * 7) % 256, (p * 3 + k * 90) % 256, (i * 80) % 256, 255], p * 4);
      writeFileSync(join(dir, cls, `${i}.png`), PNG.sync.write(img));
    }
  });
  return dir;
}

describe('cnn-analyzer export', () => {
  it('writes .tflite, C array and tfjs files; the .tflite runs in TensorFlow Lite and its size is what analyze reports', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    const { code, out: stdout, err } = await cli('export', 'mobilenetv1_0.25_96_c3_o2', '--out', out, '--format', 'tflite,c,tfjs', '--representative', imageFolder(), '--json');
    expect(code, err).toBe(0);
    const report = JSON.parse(stdout);
    const file = join(out, 'mobilenetv1_0.25_96_c3_o2.tflite');
    const bytes = new Uint8Array(readFileSync(file));
    expect(report.modelSizeBytes).toBe(bytes.length);
    expect(report.bytesPerParam).toBeCloseTo(bytes.length / 221_794, 10);
    for (const f of ['mobilenetv1_0.25_96_c3_o2.cc', 'mobilenetv1_0.25_96_c3_o2.h', 'mobilenetv1_0.25_96_c3_o2_tfjs/model.json', 'mobilenetv1_0.25_96_c3_o2_tfjs/weights.bin']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'mobilenetv1_0.25_96_c3_o2.cc'), 'utf8')).toContain('alignas(16) const unsigned char g_mobilenetv1_0_25_96_c3_o2[]');
    const runner = await createTfliteRunner(bytes);
    const [probs] = runner.run([new Int8Array(96 * 96 * 3)]);
    expect(probs).toHaveLength(2);
    runner.dispose();
    const shown = JSON.parse((await cli('show', 'mobilenetv1_0.25_96_c3_o2')).out);
    const tfliteRow = shown.exports.find((e: { format: string; path: string }) => e.format === 'tflite' && e.path === file);
    expect(tfliteRow.bytes).toBe(bytes.length);
    expect(tfliteRow.sha256).toMatch(/^[0-9a-f]{64}$/);
    const analyzed = JSON.parse((await cli('analyze', 'mobilenetv1_0.25_96_c3_o2', '--json')).out);
    expect(analyzed.totals.modelSizeBytes).toBe(bytes.length);
    // the MLPerf reference file's ratio is 1.356 bytes/param (MISSION.md); ours keeps tensor names too
    expect(analyzed.totals.bytesPerParam).toBeGreaterThan(1.2);
    expect(analyzed.totals.bytesPerParam).toBeLessThan(1.45);
  }, 120_000);

  it('writes the operators in the memory-optimal order with --order optimal', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    const listed = JSON.parse((await cli('export', 'shufflenetv2_1_64_c3_o2', '--out', join(out, 'a'), '--samples', '2', '--json')).out);
    const optimal = JSON.parse((await cli('export', 'shufflenetv2_1_64_c3_o2', '--out', join(out, 'b'), '--samples', '2', '--order', 'optimal', '--json')).out);
    expect(optimal.peakMemoryBytes).toBeLessThan(listed.peakMemoryBytes);
    const opsOf = (path: string): string[] => {
      const m = readTflite(new Uint8Array(readFileSync(path)));
      return m.subgraphs[0]!.operators.map((o) => m.subgraphs[0]!.tensors[o.outputs[0]!]!.name);
    };
    expect(opsOf(optimal.files[0].path)).not.toEqual(opsOf(listed.files[0].path));
  }, 60_000);

  it('writes the offline memory plan and a --target tflm file, with the size breakdown adding up to the file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    const r = await cli('export', '--out', out, '--samples', '2', '--memory-plan', 'offline', '--target', 'tflm', '--json', '--no-db');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    // TFLM (shared/tools/tflm/tflm-run) with this file: head 55,296 B, arena_used_bytes 84,960 B (re-measured live in src/tflm-arena.runtime.test.ts)
    expect(j.tflmArena.headBytes).toBe(55_296);
    expect(j.arenaBytes).toBe(84_960);
    expect(Object.values(j.size.sections as Record<string, number>).reduce((s, x) => s + x, 0)).toBe(j.modelSizeBytes);
    expect(j.modelSizeBytes).toBeLessThanOrEqual(0.85 * 333_288); // the converter's file, shared/reference-models/MANIFEST.md
    expect(j.stripNamesSavesBytes).toBeGreaterThan(0);
    const m = readTflite(new Uint8Array(readFileSync(j.files[0].path)));
    expect(m.metadata.map((x) => x.name)).toContain('OfflineMemoryAllocation');
  }, 60_000);

  it('strips names to save flash and offers float I/O', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    const plain = await cli('export', 'mobilenet-v1', '--alpha', '0.1', '--resolution', '32', '--out', out, '--json', '--samples', '4');
    const stripped = await cli('export', 'mobilenet-v1', '--alpha', '0.1', '--resolution', '32', '--out', join(out, 's'), '--strip-names', '--float-io', '--json', '--samples', '4');
    expect(plain.code, plain.err).toBe(0);
    expect(stripped.code, stripped.err).toBe(0);
    expect(JSON.parse(stripped.out).modelSizeBytes).toBeLessThan(JSON.parse(plain.out).modelSizeBytes);
    const model = readTflite(new Uint8Array(readFileSync(JSON.parse(stripped.out).files[0].path)));
    expect(model.subgraphs[0]!.tensors[model.subgraphs[0]!.inputs[0]!]!.type).toBe('FLOAT32');
  }, 60_000);

  it.each([
    [['export', 'mobilenetv1_0.25_96_c3_o2'], '--out: the output folder is required'],
    [['export', '--out', '/tmp/x', '--format', 'onnx'], '--format: "onnx" is not one of tflite, c, tfjs'],
    [['export', '--out', '/tmp/x', '--samples', '0'], '--samples: must be a positive integer (got "0")'],
    [['export', '--out', '/tmp/x', '--order', 'random'], '--order: must be one of default | optimal (got "random")'],
    [['export', '--out', '/tmp/x', '--memory-plan', 'best'], '--memory-plan: must be one of online | offline (got "best")'],
    [['export', '--out', '/tmp/x', '--target', 'tfjs'], '--target: must be one of tflite | tflm (got "tfjs")'],
    [['export', '--out', '/tmp/x', '--kernels', 'xnnpack'], '--kernels: must be one of reference | cmsis-nn | esp-nn (got "xnnpack")'],
    [['export', '--out', '/tmp/x', '--representative', '/nonexistent/images'], 'representative data "/nonexistent/images": not a folder'],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
