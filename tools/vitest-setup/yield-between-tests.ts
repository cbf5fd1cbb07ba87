import { afterEach } from 'vitest';

// CPU-bound tests (TensorFlow.js, the TFLite runtime) that only await already-resolved promises never let the
// worker's event loop reach its message port, so vitest's own RPC replies wait until the file ends and its 60 s
// "onTaskUpdate" timeout fires. A macrotask turn after every test lets those replies through.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
