import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** An input or output of a loaded model. */
export interface RuntimeTensor {
  readonly name: string;
  /** `int8`, `uint8`, `float32`, `int32`, … as the runtime names it. */
  readonly dataType: string;
  readonly shape: readonly number[];
}

/** A model loaded in the real TensorFlow Lite runtime. */
export interface TfliteRunner {
  readonly inputs: readonly RuntimeTensor[];
  readonly outputs: readonly RuntimeTensor[];
  /** Copy the inputs in, run one inference, copy the outputs out. */
  run(inputs: readonly ArrayLike<number>[]): (Int8Array | Uint8Array | Float32Array | Int32Array)[];
  /** TFLite's per-operator profile of the last run, as text. */
  profile(): string;
  /** Free the runner and its copy of the model. */
  dispose(): void;
}

/** The runtime rejected a model or an inference. */
export class TfliteRuntimeError extends CnnAnalyzerError {}

interface EmTensor {
  name: string;
  dataType: string;
  shape: string | number[];
  data(): Int8Array | Uint8Array | Float32Array | Int32Array;
}
interface EmVector<T> {
  size(): number;
  get(i: number): T;
}
interface EmRunner {
  GetInputs(): EmVector<EmTensor>;
  GetOutputs(): EmVector<EmTensor>;
  Infer(): boolean;
  GetProfilingSummary(): string;
  delete(): void;
}
interface EmModule {
  _malloc(n: number): number;
  _free(p: number): void;
  HEAPU8: Uint8Array;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(ptr: number, len: number, o: object): { ok(): boolean; errorMessage(): string; value(): EmRunner };
  };
}

let modulePromise: Promise<EmModule> | undefined;

/** Load TensorFlow Lite's WebAssembly build from the `@tensorflow/tfjs-tflite` package (once per process). */
function loadModule(): Promise<EmModule> {
  modulePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
    const mod = { exports: {} as unknown };
    const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: unknown };
    const sandbox = { module: mod, exports: mod.exports, console, setTimeout, clearTimeout, WebAssembly: wasm, TextDecoder, TextEncoder, performance, URL };
    vm.runInNewContext(readFileSync(join(wasmDir, 'tflite_web_api_cc_simd.js'), 'utf8'), sandbox);
    const factory = mod.exports as (o: { wasmBinary: Uint8Array; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<EmModule>;
    const quiet = (s?: string): void => { if (process.env.TFLITE_DEBUG) console.error(s); };
    return factory({ wasmBinary: readFileSync(join(wasmDir, 'tflite_web_api_cc_simd.wasm')), print: quiet, printErr: quiet });
  })();
  return modulePromise;
}

const toList = <T>(v: EmVector<T>): T[] => Array.from({ length: v.size() }, (_, i) => v.get(i));
const meta = (t: EmTensor): RuntimeTensor => ({
  name: t.name,
  dataType: t.dataType,
  shape: typeof t.shape === 'string' ? t.shape.split(',').filter(Boolean).map(Number) : [...t.shape],
});

/**
 * Load a .tflite model into the real TensorFlow Lite runtime (the WebAssembly build shipped in
 * `@tensorflow/tfjs-tflite`; `threads` for its interpreter, default 1). Throws {@link TfliteRuntimeError} when TFLite rejects it.
 */
export async function createTfliteRunner(bytes: Uint8Array, options: { readonly threads?: number } = {}): Promise<TfliteRunner> {
  const m = await loadModule();
  const ptr = m._malloc(bytes.length);
  m.HEAPU8.set(bytes, ptr);
  const created = m.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, { numThreads: options.threads ?? 1, enableProfiling: true, maxProfilingBufferEntries: 1024 });
  if (!created.ok()) {
    m._free(ptr);
    throw new TfliteRuntimeError(`TensorFlow Lite rejected the model: ${created.errorMessage()}`, 'model', bytes.length);
  }
  const runner = created.value();
  return {
    inputs: toList(runner.GetInputs()).map(meta),
    outputs: toList(runner.GetOutputs()).map(meta),
    run(inputs) {
      const targets = toList(runner.GetInputs());
      if (inputs.length !== targets.length) throw new TfliteRuntimeError(`the model takes ${targets.length} inputs, got ${inputs.length}`, 'inputs', inputs.length);
      targets.forEach((t, i) => {
        const data = t.data();
        if (inputs[i]!.length !== data.length) throw new TfliteRuntimeError(`input ${i} (${t.name}) has ${data.length} elements, got ${inputs[i]!.length}`, `inputs.${i}`, inputs[i]!.length);
        data.set(inputs[i]!);
      });
      if (!runner.Infer()) throw new TfliteRuntimeError('inference failed', 'infer', undefined);
      return toList(runner.GetOutputs()).map((t) => t.data().slice());
    },
    profile: () => runner.GetProfilingSummary(),
    dispose() {
      runner.delete();
      m._free(ptr);
    },
  };
}
