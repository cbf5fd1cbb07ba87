/**
 * Which layers each layer may import (STYLE.md's DAG). A package's layer is its Nx tag
 * `layer:<name>` in package.json. Packages listed by name may also be imported directly.
 */
export const LAYER_RULES: Readonly<Record<string, { readonly layers: readonly string[]; readonly packages?: readonly string[] }>> = {
  // arch-spec: the bottom; depends on nothing of ours.
  spec: { layers: [] },
  // deployed-graph: the lowering of the IR to the operators TFLite runs; on arch-spec only.
  lowering: { layers: ['spec'] },
  // metrics, builders, device, memory-planner: on arch-spec (memory-planner also on metrics; device may read metrics' types).
  core: { layers: ['spec', 'lowering'], packages: ['@cnn-analyzer/metrics'] },
  // architecture plugins: only their contract package.
  'arch-plugin': { layers: ['spec'] },
  // device plugins: only the device package.
  'device-plugin': { layers: [], packages: ['@cnn-analyzer/device'] },
  // the exporter sits on every core package.
  exporter: { layers: ['spec', 'lowering', 'core'] },
  // the analysis pipeline: composes lowering, metrics, memory plan, model size, latency and fit for the apps.
  pipeline: { layers: ['spec', 'lowering', 'core', 'exporter'] },
  // apps (cli, model db, sweeps, dashboard, project generators) may use anything below them.
  app: { layers: ['spec', 'lowering', 'core', 'exporter', 'pipeline', 'arch-plugin', 'device-plugin', 'app'] },
  // tools (conformance suites, generators, benchmarks) sit on top: they may use every layer; nothing ships depending on them.
  tools: { layers: ['spec', 'lowering', 'core', 'exporter', 'pipeline', 'arch-plugin', 'device-plugin', 'app', 'tools'] },
};

/** Layers whose every package runs in the browser (the offline web app bundles them): no Node built-ins. */
export const BROWSER_LAYERS: readonly string[] = ['spec', 'lowering', 'arch-plugin', 'device-plugin', 'pipeline'];

/**
 * Packages of other layers that run in the browser too. One with a `browser` subpath export (`src/browser.ts`) is
 * checked from that entry only (the exporter: its reader and writer, not its TensorFlow.js parts).
 */
export const BROWSER_PACKAGES: readonly string[] = ['@cnn-analyzer/metrics', '@cnn-analyzer/memory-planner', '@cnn-analyzer/device', '@cnn-analyzer/exporter'];

/** Node globals a browser package may not use (they exist only in Node). */
export const NODE_GLOBALS: readonly string[] = ['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'];
