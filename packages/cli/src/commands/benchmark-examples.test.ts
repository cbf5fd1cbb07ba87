import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseName } from '@cnn-analyzer/arch-spec';
import { hostBenchmarks, openModelDb } from '@cnn-analyzer/model-db';
import { BUILTIN_ARCHITECTURES } from '../architectures.js';
import { runCaptured as cli } from '../run-captured.js';

// `benchmark` on the example variations of every architecture plugin: every 96×96 example and the smallest 224×224
// one (the other 224×224 ImageNet networks take minutes to export here). Few repeats: this checks that each runs in
// TFLite and is recorded with what the scorecard shows (total, per-operator times, threads, runtime and version).
const examples = BUILTIN_ARCHITECTURES.flatMap((a) => (a.examples ?? []).map((name) => ({ name, resolution: Number(parseName(name, BUILTIN_ARCHITECTURES).factors.resolution ?? 0) })));
const chosen = [...examples.filter((e) => e.resolution <= 96).map((e) => e.name), 'mobilenetv3small_1_224_c3_o1000_keras'];

describe('benchmark on the example variations', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'bench-examples-')), 'm.db');

  it('lists every 96×96 example of every plugin and a 224×224 one', () => {
    expect(new Set(BUILTIN_ARCHITECTURES.filter((a) => (a.examples ?? []).length > 0).map((a) => a.name)).size).toBe(5);
    expect(chosen.length).toBeGreaterThanOrEqual(20);
    expect(examples.map((e) => e.name)).toContain('mobilenetv3small_1_224_c3_o1000_keras');
  });

  it.each(chosen)('%s runs in TFLite on this machine and is recorded', async (name) => {
    const { code, out, err } = await cli('benchmark', name, '--warmup', '0', '--repeats', '2', '--samples', '1', '--db', db, '--json');
    expect(code, err).toBe(0);
    // recorded under the variation's canonical name (an example may spell a default out, or use an alias)
    const canonical = JSON.parse(out).name as string;
    expect(canonical).toBe(parseName(name, BUILTIN_ARCHITECTURES).canonical);
    const d = openModelDb(db);
    const rows = hostBenchmarks(d, canonical);
    d.close();
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({ name: canonical, threads: 1, repeats: 2 });
    expect(r.runtimeVersion).toBe('0.0.1-alpha.10');
    expect(r.medianMs).toBeGreaterThan(0);
    expect(r.ops.length).toBeGreaterThan(0);
    expect(r.ops.every((o) => o.avgMs >= 0 && o.op.length > 0)).toBe(true);
  }, 120_000);
});
