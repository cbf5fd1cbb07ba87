import type { FitReport } from '@cnn-analyzer/device';
import type { KernelClass, TfliteBuiltin } from '@cnn-analyzer/deployed-graph';
import type { ArenaBreakdown, TflmArena, TflmKernelLibrary } from '@cnn-analyzer/memory-planner';
import type { FileSizeBreakdown } from '@cnn-analyzer/exporter/size';
import type { LayerMetrics, MetricsTotals } from '@cnn-analyzer/metrics';

/** One IR layer of the report: its metrics, the RAM while it runs, its latency and the operators that run it. */
export interface LayerRow extends LayerMetrics {
  /** Working memory while the layer's operator runs; null for layers fused into another operator or dropped. */
  readonly ramBytes: number | null;
  /** With a board: estimated latency of the operators the layer owns, ms (0 for fused layers). */
  readonly latencyMs?: number;
  /** Names of the deployed operators that run this layer (a fused layer: its host's; dropout: none). */
  readonly deployedAs: readonly string[];
  /** Factors that set the layer's width (the graph's `scaling`; the study's "scaling factors" column); empty when none does. */
  readonly scaling: readonly string[];
}

/** One operator of the deployed model, as TFLite and TFLM run it. */
export interface OperatorRow {
  readonly name: string;
  readonly builtin: TfliteBuiltin;
  /** IR layer it implements. */
  readonly source: string;
  /** IR layers folded or fused into it. */
  readonly fused: readonly string[];
  readonly kernelClass: KernelClass;
  readonly macs: number;
  readonly params: number;
  /** Working memory while it runs, bytes. */
  readonly ramBytes: number;
  /** With a board: estimated latency, ms. */
  readonly latencyMs?: number;
}

/** Whole-model figures. */
export interface AnalysisTotals extends MetricsTotals {
  /** Peak working set over the deployed operators, bytes. */
  readonly peakMemoryBytes: number;
  readonly peakOperator: string;
  /**
   * The tensor arena a TFLM deployment reserves: TFLM's `arena_used_bytes()` for the file (reference kernels, exact),
   * or with a board for its kernel library (raised by the estimate's bound).
   */
  readonly arenaBytes: number;
  /** Bytes of the int8 .tflite: the file `deploy` writes with a board, the file `export` writes without. */
  readonly modelSizeBytes: number;
  readonly bytesPerParam: number;
}

/** The memory plan in brief (the per-layer RAM is in the layer rows). */
export interface MemorySummary {
  readonly order: 'default' | 'optimal';
  readonly peakBytes: number;
  readonly peakOperator: string;
  /** TFLM greedy plan of the activation buffers, bytes. */
  readonly plannedBytes: number;
  /** A better offline placement of the same buffers, bytes. */
  readonly offlinePlannedBytes: number;
  readonly breakdown: ArenaBreakdown;
}

/** What a deployment to a board takes: the file `deploy` writes and the arena it reserves. */
export interface DeploymentFootprint {
  readonly device: string;
  readonly kernels: TflmKernelLibrary;
  /** Bytes of the .tflite `deploy` writes (names and metadata stripped). */
  readonly modelBytes: number;
  /** The tensor arena `deploy` reserves, bytes (TFLM's figure, raised by its error bound when an estimate). */
  readonly arenaBytes: number;
  /** TFLM's arena for that file: planned head, persistent tail by kind, exactness. */
  readonly tflmArena: TflmArena;
}

/** The model file's exact size and breakdown (see {@link AnalysisReport.size}). */
export interface ModelFileSize extends FileSizeBreakdown {
  /** Which file: the one `export` writes (names kept), or with a board the one `deploy` writes (stripped, `--target tflm`). */
  readonly file: 'export' | 'deploy';
  /** Bytes `--strip-names` (names and metadata dropped) takes off that file; for the deploy file, what it took off. */
  readonly stripNamesSavesBytes: number;
}

/** Everything the tool says about one variation: what `analyze --json` prints, the sweep records and the dashboard shows. */
export interface AnalysisReport {
  readonly name: string;
  readonly architecture: string;
  readonly factors: Readonly<Record<string, unknown>> | null;
  readonly layers: readonly LayerRow[];
  readonly operators: readonly OperatorRow[];
  readonly totals: AnalysisTotals;
  readonly memory: MemorySummary;
  /**
   * With a board: the board, runtime and total estimated latency, ms, with the half-width of its interval
   * (`totalMs ± intervalMs`, ms) and how the interval was built.
   */
  readonly latency?: { readonly device: string; readonly runtime: string; readonly totalMs: number; readonly intervalMs: number; readonly intervalBasis: string };
  /** With a board: what deploying takes. */
  readonly deployment?: DeploymentFootprint;
  /** With a board: the fit report against the board and the budgets. */
  readonly fit?: FitReport;
  /**
   * Where the bytes of the model file go, by section and per layer (the same breakdown `export --json` reads
   * off the written file), computed from the deployed graph; for the file `deploy` writes when a board is given.
   * Absent for a .tflite file (its own bytes are the size).
   */
  readonly size?: ModelFileSize;
}
