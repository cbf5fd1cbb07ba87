import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { onednnAvailable } from '@cnn-analyzer/backend-onednn';
import { selectBackend } from './select-backend.js';

const installed = (pkg: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

describe('--backend auto', () => {
  it('takes tensorflow when installed, else onednn when its addon is built, else wasm, and says which', async () => {
    const tensorflow = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');
    const chosen = await selectBackend('auto', { threads: 1 });
    expect(chosen.name).toBe(tensorflow ? 'tensorflow' : onednnAvailable() ? 'onednn' : 'wasm');
    if (chosen.name === 'onednn') expect(chosen.detail).toMatch(/oneDNN.*1 thread$/);
  });
});
