/**
 * The full fuzz run of issue #16: 100,000 mutated `.tflite` files (seeded, repeatable) through what `analyze` and
 * `memory` do, in-process. Prints the counts and exits 1 when any failure was not a typed CnnAnalyzerError.
 *
 *   npx nx run-many -t build && npx vite-node --config vitest.config.ts tools/bench/src/fuzz-tflite.ts [cases] [seed]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzTflite } from '@cnn-analyzer/cli';
import { referenceModelsDir } from '@cnn-analyzer/exporter';

const SEED_FILES = ['mlperf_tiny_kws_ref_model_int8.tflite', 'mlperf_tiny_kws_ref_model_float32.tflite', 'mlperf_tiny_ic_pretrainedResnet_quant.tflite', 'mlperf_tiny_ad01_int8.tflite'];

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) {
  process.stderr.write(`usage: fuzz-tflite.ts [cases ≥ 1] [seed] (got ${process.argv.slice(2).join(' ')})\n`);
  process.exit(2);
}
const seeds = SEED_FILES.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(referenceModelsDir(), name))) }));
const s = fuzzTflite(seeds, cases, seed);
process.stdout.write(
  `${s.cases.toLocaleString('en-US')} mutated files (seed ${seed}) in ${(s.totalMs / 1000).toFixed(1)} s: ` +
    `${s.analyzed.toLocaleString('en-US')} analyzed, ${s.typedErrors.toLocaleString('en-US')} typed errors, ${s.untyped.length} untyped; slowest case ${s.slowestMs.toFixed(1)} ms\n` +
    `typed errors by class: ${Object.entries(s.byClass).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}\n`,
);
for (const u of s.untyped.slice(0, 20)) process.stdout.write(`untyped: case ${u.case} (${u.seedFile}; ${u.mutations.join(', ')}): ${u.error}\n`);
process.exit(s.untyped.length === 0 ? 0 : 1);
