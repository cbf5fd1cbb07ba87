import type { ModelDb } from './database.js';

export { HOST_BENCHMARKS_MIGRATION } from './host-benchmarks-schema.js';

/** One operator of a host benchmark's profile. */
export interface HostBenchmarkOp {
  /** TFLite node type as the profiler names it (`CONV_2D`, `TfLiteXNNPackDelegate`, `Delegate/Convolution …`). */
  readonly op: string;
  /** The node's name in the profile. */
  readonly node: string;
  /** Profiler's average time per run, ms. */
  readonly avgMs: number;
}

/** A timed run of a model in TensorFlow Lite on the host. */
export interface HostBenchmark {
  /** Variation name (or the file's base name for a .tflite given as a file). */
  readonly name: string;
  /** Runtime and build, e.g. `tflite-wasm-simd (@tensorflow/tfjs-tflite 0.0.1-alpha.10)`. */
  readonly runtime: string;
  readonly threads: number;
  /** Untimed runs before the timed ones. */
  readonly warmup: number;
  /** Timed runs. */
  readonly repeats: number;
  /** Median, fastest and slowest timed run, ms. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** SHA-256 of the .tflite bytes timed, hex. */
  readonly modelSha256: string;
  /** The machine: CPU model, cores, platform. */
  readonly host: string;
  readonly ops: readonly HostBenchmarkOp[];
}

/** Record a host benchmark and its profile; returns its id. */
export function recordHostBenchmark(db: ModelDb, b: HostBenchmark, measuredAt: Date = new Date()): number {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO host_benchmarks (name, runtime, threads, warmup, repeats, median_ms, min_ms, max_ms, model_sha256, host, measured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(b.name, b.runtime, b.threads, b.warmup, b.repeats, b.medianMs, b.minMs, b.maxMs, b.modelSha256, b.host, measuredAt.toISOString()).lastInsertRowid,
    );
    const op = db.prepare('INSERT INTO host_benchmark_ops (benchmark_id, idx, op, node, avg_ms) VALUES (?, ?, ?, ?, ?)');
    b.ops.forEach((o, i) => op.run(id, i, o.op, o.node, o.avgMs));
    return id;
  })();
}

/** The version in a runtime string (`tflite-wasm-simd (@tensorflow/tfjs-tflite 0.0.1-alpha.10)` → `0.0.1-alpha.10`), or ''. */
export function runtimeVersionOf(runtime: string): string {
  return /(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)\)?\s*$/.exec(runtime)?.[1] ?? '';
}

/**
 * Host benchmarks of a variation, newest first, each with its profile and the runtime's version (read from the
 * runtime string; '' when it names none): what a scorecard shows — total (median, min, max), per-operator ms, threads.
 */
export function hostBenchmarks(db: ModelDb, name: string): StoredHostBenchmark[] {
  const ops = db.prepare(BENCHMARK_OPS_QUERY);
  return (db.prepare(BENCHMARKS_QUERY).all(name) as Record<string, string | number>[]).map((r) => toHostBenchmark(r, ops.all(r.id) as BenchmarkOpRow[]));
}

/** A host benchmark as recorded: with its id, time and the runtime's version. */
export type StoredHostBenchmark = HostBenchmark & { readonly id: number; readonly measuredAt: string; readonly runtimeVersion: string };
/** The statement of {@link hostBenchmarks}, the name its parameter (both dialects). */
export const BENCHMARKS_QUERY = 'SELECT * FROM host_benchmarks WHERE name = ? ORDER BY id DESC';
/** The operators of one benchmark, its id the parameter (both dialects). */
export const BENCHMARK_OPS_QUERY = 'SELECT op, node, avg_ms FROM host_benchmark_ops WHERE benchmark_id = ? ORDER BY idx';
/** A row of {@link BENCHMARK_OPS_QUERY}. */
export interface BenchmarkOpRow { op: string; node: string; avg_ms: number }

/** A row of {@link BENCHMARKS_QUERY} and its operators as the API returns them. */
export function toHostBenchmark(r: Record<string, string | number>, ops: readonly BenchmarkOpRow[]): StoredHostBenchmark {
  return {
    id: Number(r.id),
    name: String(r.name),
    runtime: String(r.runtime),
    runtimeVersion: runtimeVersionOf(String(r.runtime)),
    threads: Number(r.threads),
    warmup: Number(r.warmup),
    repeats: Number(r.repeats),
    medianMs: Number(r.median_ms),
    minMs: Number(r.min_ms),
    maxMs: Number(r.max_ms),
    modelSha256: String(r.model_sha256),
    host: String(r.host),
    measuredAt: String(r.measured_at),
    ops: ops.map((o) => ({ op: o.op, node: o.node, avgMs: o.avg_ms })),
  };
}
