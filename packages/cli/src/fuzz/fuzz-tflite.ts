import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { readTflite, tfliteToGraph } from '@cnn-analyzer/exporter';
import { memoryReport } from '@cnn-analyzer/memory-planner';
import { analyzeResolved } from '../commands/analyze.js';
import { mutate, prng, type Mutation } from './mutate.js';

/** What `analyze` and `memory` do with a `.tflite` file's bytes, in-process: read, import, analyze, plan. */
export function analyzeTfliteBytes(bytes: Uint8Array, name = 'fuzz.tflite'): void {
  const { graph } = tfliteToGraph(readTflite(bytes), name);
  analyzeResolved({ name, architecture: 'tflite', factors: null, graph, source: 'tflite', fileBytes: bytes.length });
  memoryReport(graph, { activations: 'dtype' });
}

/** One failure that was not one of our typed errors (a crash the user would see as a stack trace). */
export interface UntypedFailure {
  readonly case: number;
  readonly seedFile: string;
  readonly mutations: readonly Mutation[];
  readonly error: string;
}

/** Counts of a fuzz run. */
export interface FuzzSummary {
  readonly cases: number;
  /** Files still read and analyzed after mutation. */
  readonly analyzed: number;
  /** Files refused with a typed, one-line error (exit code 2 in the CLI). */
  readonly typedErrors: number;
  readonly untyped: readonly UntypedFailure[];
  /** Slowest single case, ms. */
  readonly slowestMs: number;
  readonly totalMs: number;
  /** Typed errors by class name. */
  readonly byClass: Readonly<Record<string, number>>;
}

/**
 * Run `cases` mutated copies of the seed files through {@link analyzeTfliteBytes}, seeded so a run can be repeated.
 * Every failure must be a {@link CnnAnalyzerError}; anything else is listed in `untyped`.
 */
export function fuzzTflite(seeds: readonly { name: string; bytes: Uint8Array }[], cases: number, seed = 1): FuzzSummary {
  const r = prng(seed);
  let analyzed = 0;
  let typedErrors = 0;
  let slowestMs = 0;
  const untyped: UntypedFailure[] = [];
  const byClass: Record<string, number> = {};
  const start = performance.now();
  for (let i = 0; i < cases; i++) {
    const file = seeds[i % seeds.length]!;
    const other = seeds[Math.floor(r() * seeds.length)]!;
    const { bytes, applied } = mutate(file.bytes, r, other.bytes);
    const t0 = performance.now();
    try {
      analyzeTfliteBytes(bytes);
      analyzed++;
    } catch (e) {
      if (e instanceof CnnAnalyzerError) {
        typedErrors++;
        byClass[e.name] = (byClass[e.name] ?? 0) + 1;
      } else {
        untyped.push({ case: i, seedFile: file.name, mutations: applied, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      }
    }
    slowestMs = Math.max(slowestMs, performance.now() - t0);
  }
  return { cases, analyzed, typedErrors, untyped, slowestMs, totalMs: performance.now() - start, byClass };
}
