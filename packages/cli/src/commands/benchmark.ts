import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, platform } from 'node:os';
import { basename } from 'node:path';
import { createTfliteRunner } from '@cnn-analyzer/exporter';
import { recordHostBenchmark, type HostBenchmark } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { exportInt8, parseExportFlags } from '../export-model.js';
import { resolveModel } from '../model-spec.js';
import { parseTfliteProfile } from '../tflite-profile.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

interface BenchmarkOptions {
  threads: string;
  warmup: string;
  repeats: string;
  seed: string;
  samples: string;
  json?: boolean;
  db?: string | false;
}

/** The host runtime, as recorded: TFLite's WebAssembly (SIMD) build from @tensorflow/tfjs-tflite. */
const RUNTIME = 'tflite-wasm-simd (@tensorflow/tfjs-tflite 0.0.1-alpha.10)';

function count(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag}: must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`, flag, raw);
  return n;
}

/** `cnn-analyzer benchmark <name|file> [--threads n] [--warmup n] [--repeats n]` */
export function registerBenchmark(program: Command, ctx: CommandContext): void {
  program
    .command('benchmark')
    .summary('time the int8 .tflite in TensorFlow Lite on this machine (per operator and in total)')
    .description(
      'Export the variation to int8 .tflite (or read the given .tflite file) and run it in TensorFlow Lite\'s ' +
        'WebAssembly build on this machine: --warmup untimed runs, then --repeats timed ones (median, min, max of the ' +
        'whole inference), and the per-operator profile of TFLite\'s profiler (its average over the runs after the first).\n' +
        'The result is recorded in the model database (the study\'s "x86 CPU" column).',
    )
    .argument('[model]', 'compound name, architecture id or .tflite file (default: the reference model)')
    .option('--threads <n>', 'interpreter threads', '1')
    .option('--warmup <n>', 'untimed runs first', '3')
    .option('--repeats <n>', 'timed runs', '20')
    .option('--seed <n>', 'seed of the initial weights and the calibration inputs', '1')
    .option('--samples <n>', 'generated inputs to calibrate the int8 ranges on (timing does not depend on them)', '8')
    .option('--json', 'print the result as JSON')
    .option('--db <file>', 'model database to record it in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record it')
    .allowExcessArguments(true)
    .allowUnknownOption(true)
    .action(async (arg: string | undefined, opts: BenchmarkOptions, cmd: Command) => {
      const threads = count('threads', opts.threads, 1);
      const warmup = count('warmup', opts.warmup, 0);
      const repeats = count('repeats', opts.repeats, 1);
      const model = arg?.startsWith('-') ? undefined : arg;
      let name: string;
      let bytes: Uint8Array;
      if (model?.endsWith('.tflite')) {
        try {
          bytes = new Uint8Array(readFileSync(model));
        } catch {
          throw new UsageError(`model: cannot read ${JSON.stringify(model)}`, 'model', model);
        }
        name = basename(model, '.tflite');
      } else {
        const resolved = resolveModel(model, cmd.args.slice(model === undefined ? 0 : 1));
        const flags = parseExportFlags({ order: 'default', samples: opts.samples, seed: opts.seed });
        const exported = exportInt8(resolved, { ...flags, floatIO: false, stripNames: false }, ctx.io);
        exported.tfModel.dispose();
        bytes = exported.bytes;
        name = resolved.name;
      }
      const runner = await createTfliteRunner(bytes, { threads });
      const inputs = runner.inputs.map((t) => new Int8Array(t.shape.reduce((a, b) => a * b, 1)));
      const times: number[] = [];
      let profile = '';
      try {
        for (let i = 0; i < warmup; i++) runner.run(inputs);
        for (let i = 0; i < repeats; i++) {
          const t0 = performance.now();
          runner.run(inputs);
          times.push(performance.now() - t0);
        }
      } finally {
        profile = runner.profile();
        runner.dispose();
      }
      // After many models in one process TFLite's wasm build sometimes hands back an empty profiling summary: profile
      // the model again in a fresh interpreter (two runs; the times above stand) rather than record no operators.
      if (parseTfliteProfile(profile).length === 0) {
        const again = await createTfliteRunner(bytes, { threads });
        try {
          for (let i = 0; i < 2; i++) again.run(inputs);
          profile = again.profile();
        } finally {
          again.dispose();
        }
        if (parseTfliteProfile(profile).length === 0) ctx.io.err(`note: ${name}: TFLite returned no per-operator profile; recording the totals only\n`);
      }
      const sorted = [...times].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const result: HostBenchmark = {
        name,
        runtime: RUNTIME,
        threads,
        warmup,
        repeats,
        medianMs: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
        minMs: sorted[0]!,
        maxMs: sorted[sorted.length - 1]!,
        modelSha256: createHash('sha256').update(bytes).digest('hex'),
        host: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${platform()}`,
        ops: parseTfliteProfile(profile),
      };
      if (opts.db !== false) withDatabase(opts.db, (db) => recordHostBenchmark(db, result));
      if (opts.json) ctx.io.out(JSON.stringify(result, null, 2) + '\n');
      else {
        ctx.io.out(`${name}: ${result.medianMs.toFixed(3)} ms median of ${repeats} (min ${result.minMs.toFixed(3)}, max ${result.maxMs.toFixed(3)}) after ${warmup} warm-up, ${threads} thread(s), ${RUNTIME}\n`);
        for (const o of result.ops) ctx.io.out(`  ${o.avgMs.toFixed(3).padStart(9)} ms  ${o.op}  ${o.node}\n`);
      }
    });
}
