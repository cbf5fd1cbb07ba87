import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseName } from '@cnn-analyzer/arch-spec';
import { BUILTIN_ARCHITECTURES, runCaptured } from '@cnn-analyzer/cli';
import { hostBenchmarks, openModelDb } from '@cnn-analyzer/model-db';
import type { BenchResult } from './measure.js';

/**
 * `cnn-analyzer benchmark` (TFLite's WebAssembly build on this machine, the study's "x86 CPU" column) on the example
 * variations of every architecture plugin: every 96×96 one and the smallest 224×224 one, 2 warm-up and 5 timed runs,
 * recorded in a scratch database and read back as the scorecard reads them. Prints each median and its slowest
 * operator in TFLite's profile.
 */
export async function hostBench(): Promise<BenchResult[]> {
  const db = join(mkdtempSync(join(tmpdir(), 'host-bench-')), 'm.db');
  const names = BUILTIN_ARCHITECTURES.flatMap((a) => a.examples ?? []).filter((n) => Number(parseName(n, BUILTIN_ARCHITECTURES).factors.resolution ?? 0) <= 96);
  names.push('mobilenetv3small_1_224_c3_o1000_keras');
  const rows: BenchResult[] = [];
  for (const name of names) {
    const { code, out, err } = await runCaptured('benchmark', name, '--warmup', '2', '--repeats', '5', '--samples', '2', '--db', db, '--json');
    if (code !== 0) {
      rows.push({ bench: 'host', figure: `${name} benchmark failed`, value: code, unit: 'exit', note: err.trim().split('\n').pop() ?? '' });
      continue;
    }
    const d = openModelDb(db);
    const r = hostBenchmarks(d, (JSON.parse(out) as { name: string }).name)[0]!; // recorded under the canonical name
    d.close();
    const slowest = [...r.ops].sort((a, b) => b.avgMs - a.avgMs)[0];
    rows.push({
      bench: 'host',
      figure: `${name} median (${r.threads} thread, TFLite ${r.runtimeVersion})`,
      value: r.medianMs,
      unit: 'ms',
      note: `min ${r.minMs.toFixed(2)}, max ${r.maxMs.toFixed(2)}; ${r.ops.length} profiled nodes${slowest ? `, slowest ${slowest.op} ${slowest.node} ${slowest.avgMs.toFixed(3)} ms` : ''}`,
    });
  }
  return rows;
}
