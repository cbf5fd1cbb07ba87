import { alignUp, TFLM_BUFFER_ALIGNMENT } from './greedy-arena.js';
import { isKnownBuiltin, operatorAllocations, type OperatorAllocations } from './tflm-kernels.js';
import { libraryExtras, type LibraryAllocations, type TflmKernelLibrary } from './tflm-library.js';
import { tensorBytes, type TflmModelDescription } from './tflm-model.js';
import { placeTflmBuffers, tflmBuffers, type ScratchRequest } from './tflm-plan.js';

export interface TflmArenaOptions {
  /** Kernel library the firmware links. @default 'reference' */
  readonly kernels?: TflmKernelLibrary;
}

/** The persistent tail by kind, bytes used (alignment padding included), as tflm-run's `record` prints them. */
export interface TflmTailBreakdown {
  /** Allocator, memory planner and builtin-data allocator objects, subgraph table, scratch handles. */
  readonly fixed: number;
  /** `TfLiteEvalTensor` per tensor. */
  readonly evalTensors: number;
  /** `TfLiteTensor` structs for the inputs and outputs. */
  readonly persistentTfliteTensors: number;
  /** `TfLiteAffineQuantization` and zero-point arrays of the inputs and outputs. */
  readonly persistentQuantization: number;
  /** Kernels' OpData and per-channel buffers, and the interpreter's input/output pointer arrays (`AllocatePersistentBuffer`). */
  readonly persistentBuffers: number;
  /** Variable tensors. */
  readonly variableBuffers: number;
  /** `NodeAndRegistration` per operator. */
  readonly nodeAndRegistration: number;
  /** Parsed builtin options per operator. */
  readonly builtinData: number;
}

export interface TflmArena {
  readonly kernels: TflmKernelLibrary;
  /**
   * The smallest `tensor_arena` (a multiple of 16 bytes) with which `AllocateTensors` succeeds, bytes:
   * `usedBytes`, or more when planning needs more room than the final layout (see `planningBytes`).
   */
  readonly arenaBytes: number;
  /** What `MicroInterpreter::arena_used_bytes()` reports after `AllocateTensors`: head + tail, bytes. */
  readonly usedBytes: number;
  /**
   * Arena TFLM needs while it plans (`CommitStaticMemoryPlan`): the tail so far, the scratch request
   * list, the `AllocationInfo` array and 40 bytes of planner state per buffer, bytes. `arenaBytes`
   * is the larger of this (rounded up to 16) and head + tail. Models with many tensors and a small head
   * need more than `arena_used_bytes()` says (MLPerf Tiny AD01: 3,424 used, 4,080 needed;
   * shufflenetv1_0.25_64_c1_o2: 104,560 used, 106,752 needed; both measured with tflm-run).
   */
  readonly planningBytes: number;
  /** Planned non-persistent part: activations and scratch buffers, bytes. */
  readonly headBytes: number;
  /** Persistent part, bytes. */
  readonly tailBytes: number;
  readonly tail: TflmTailBreakdown;
  /** Scratch buffers the kernels request: count and total bytes (planned inside the head). */
  readonly scratch: { readonly count: number; readonly bytes: number };
  /** True when every figure follows the library's source exactly (reference kernels, every builtin known). */
  readonly exact: boolean;
  /** Bound on how far `arenaBytes` can be off when not exact, bytes (0 when exact). */
  readonly maxErrorBytes: number;
  readonly note?: string;
}

/**
 * Sizes of the objects `MicroInterpreter` puts at the end of the arena before any model data
 * (64-bit build, vtable pointer included): `SingleArenaBufferAllocator` (2 vtables, 5 pointers, a
 * count and a checksum: 72), `GreedyMemoryPlanner` (72), `MicroAllocator` (72),
 * `MicroBuiltinDataAllocator` (16) and one `SubgraphAllocations` (16), all 8-byte aligned.
 */
const FIXED_OBJECTS: readonly number[] = [72, 72, 72, 16, 16];

// sizeof on the 64-bit host build
const EVAL_TENSOR = 24; // TfLiteEvalTensor { data; dims; type }
const NODE_AND_REGISTRATION = 64; // TfLiteNode (56) + registration pointer
const TFLITE_TENSOR = 64; // TfLiteTensor, micro build
const AFFINE_QUANTIZATION = 24; // TfLiteAffineQuantization { scale*; zero_point*; quantized_dimension }
const POINTER = 8;
const SCRATCH_HANDLE = 8;

/** Bound per operator without an allocation model: OpData and parsed options of TFLM's kernels stay well under this, bytes. */
const UNKNOWN_OP_BOUND = 256;
const SCRATCH_REQUEST = 16; // ScratchBufferRequest { size_t bytes; int node_idx; int subgraph_idx; }
const MAX_SCRATCH_PER_OP = 12; // kMaxScratchBuffersPerOp
const ALLOCATION_INFO = 32; // AllocationInfo { size_t; void**; 3 int; bool }
const PLANNER_PER_BUFFER = 40; // GreedyMemoryPlanner::per_buffer_size()

/** The arena TFLM needs during `CommitStaticMemoryPlan` (its head then holds temporary planning data). */
function planningNeed(tailUsed: number, tensors: number, scratch: number, planned: number): number {
  let temp = SCRATCH_REQUEST * (scratch + MAX_SCRATCH_PER_OP); // the scratch request list, still in the head
  temp = alignUp(temp, 8) + 8; // subgraph offsets (one subgraph)
  temp = alignUp(temp, 8) + ALLOCATION_INFO * (tensors + scratch);
  return alignUp(tailUsed, TFLM_BUFFER_ALIGNMENT) + alignUp(temp, TFLM_BUFFER_ALIGNMENT) + PLANNER_PER_BUFFER * planned;
}

/** Allocations from the end of the arena downwards, each aligned down (`SingleArenaBufferAllocator`). */
class Tail {
  used = 0;
  alloc(bytes: number, align: number): number {
    const before = this.used;
    this.used = alignUp(this.used + bytes, align);
    return this.used - before;
  }
}

/**
 * TFLM's tensor arena for a model: the head its memory planner reserves (online, or at the file's
 * offline offsets) plus the persistent tail, following `MicroInterpreter::AllocateTensors` in
 * tflite-micro 90b983c2 allocation by allocation, so alignment padding lands where TFLM puts it.
 * Exact for the reference kernels on a 64-bit build (what `tflm-run` measures); a 32-bit MCU's
 * structs are smaller, so there the figure is an upper bound.
 */
export function tflmArena(desc: TflmModelDescription, options: TflmArenaOptions = {}): TflmArena {
  const kernels = options.kernels ?? 'reference';
  const tail = new Tail();
  const add = (kind: keyof TflmTailBreakdown, bytes: number, align: number): void => {
    parts[kind] += tail.alloc(bytes, align);
  };
  const parts: Record<keyof TflmTailBreakdown, number> = { fixed: 0, evalTensors: 0, persistentTfliteTensors: 0, persistentQuantization: 0, persistentBuffers: 0, variableBuffers: 0, nodeAndRegistration: 0, builtinData: 0 };
  for (const bytes of FIXED_OBJECTS) add('fixed', bytes, 8);
  add('evalTensors', EVAL_TENSOR * desc.tensors.length, 8);
  add('nodeAndRegistration', NODE_AND_REGISTRATION * desc.operators.length, 8);
  const allocations: (OperatorAllocations & Partial<Pick<LibraryAllocations, 'extra'>>)[] = desc.operators.map((op) => {
    const base = operatorAllocations(desc, op);
    return kernels === 'reference' ? base : libraryExtras(desc, op, base, kernels);
  });
  for (const a of allocations) if (a.builtinData) add('builtinData', a.builtinData.bytes, a.builtinData.align);
  // Init of every operator, then Prepare of every operator
  for (const a of allocations) if (a.persistent.length > 0) add('persistentBuffers', a.persistent[0]!, TFLM_BUFFER_ALIGNMENT);
  for (const a of allocations) for (let k = 1; k < a.persistent.length; k++) add('persistentBuffers', a.persistent[k]!, TFLM_BUFFER_ALIGNMENT);
  const scratch: ScratchRequest[] = [];
  allocations.forEach((a, operator) => {
    for (const bytes of a.scratch) scratch.push({ operator, bytes });
  });
  if (scratch.length > 0) add('fixed', SCRATCH_HANDLE * scratch.length, 8);
  desc.tensors.forEach((t, i) => {
    const offline = desc.offlineOffsets?.[i];
    if (t.variable && (offline === undefined || offline === -1)) add('variableBuffers', tensorBytes(t), TFLM_BUFFER_ALIGNMENT);
  });
  const buffers = tflmBuffers(desc, scratch);
  const plan = placeTflmBuffers(buffers);
  const planningBytes = planningNeed(tail.used, desc.tensors.length, scratch.length, buffers.length);
  for (const list of [desc.inputs, desc.outputs]) {
    add('persistentBuffers', POINTER * list.length, TFLM_BUFFER_ALIGNMENT); // input_tensors_ / output_tensors_ arrays
    for (const index of list) {
      add('persistentTfliteTensors', TFLITE_TENSOR, 8);
      const channels = desc.tensors[index]!.quantizationChannels;
      if (channels > 0) {
        add('persistentQuantization', AFFINE_QUANTIZATION, 8);
        add('persistentQuantization', 4 + 4 * channels, 4);
      }
    }
  }
  const unknown = [...new Set(desc.operators.map((o) => o.builtin).filter((b) => !isKnownBuiltin(b)))];
  const estimate = allocations.reduce((s, a) => s + (a.extra?.maxErrorBytes ?? 0), 0);
  const exact = unknown.length === 0 && kernels === 'reference';
  const notes = [
    ...(unknown.length > 0 ? [`no allocation model for ${unknown.join(', ')}: their OpData is not counted (bounded by ${UNKNOWN_OP_BOUND} bytes per operator)`] : []),
    ...(kernels !== 'reference' ? [`${kernels} scratch buffers and OpData from the library's buffer-size functions; an estimate within ±${estimate} bytes`] : []),
  ];
  return {
    kernels,
    arenaBytes: Math.max(plan.headBytes + tail.used, alignUp(planningBytes, TFLM_BUFFER_ALIGNMENT)),
    usedBytes: plan.headBytes + tail.used,
    planningBytes,
    headBytes: plan.headBytes,
    tailBytes: tail.used,
    tail: parts,
    scratch: { count: scratch.length, bytes: scratch.reduce((s, r) => s + r.bytes, 0) },
    exact,
    maxErrorBytes: exact ? 0 : estimate + desc.operators.filter((o) => !isKnownBuiltin(o.builtin)).length * UNKNOWN_OP_BOUND,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

