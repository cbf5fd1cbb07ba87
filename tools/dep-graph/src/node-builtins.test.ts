import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { browserPackages, checkBrowserPackages } from './node-builtins.js';
import { readWorkspace } from './check.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = join(root, 'tools/dep-graph/test/fixtures/node-builtins');

describe('no Node built-ins in the packages that run in the browser', () => {
  it('holds for the workspace: the spec, lowering, plugins, metrics, planner, device, analysis and the exporter\'s browser entry', async () => {
    const names = browserPackages(readWorkspace(root)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@cnn-analyzer/arch-spec', '@cnn-analyzer/deployed-graph', '@cnn-analyzer/metrics', '@cnn-analyzer/memory-planner', '@cnn-analyzer/device', '@cnn-analyzer/exporter', '@cnn-analyzer/analysis', '@cnn-analyzer/arch-mobilenet-v1', '@cnn-analyzer/device-stm32f746g-disco']));
    expect(names).not.toContain('@cnn-analyzer/builders');
    expect(names).not.toContain('@cnn-analyzer/cli');
    const violations = await checkBrowserPackages(root);
    expect(violations.map((v) => `${v.from}: ${v.reason}`)).toEqual([]);
  }, 60_000);

  it('fails a built-in import and a Node global that an entry runs, and not a type-only import, a local binding or a Node-only entry', async () => {
    const v = await checkBrowserPackages(fixture);
    expect(v.map((x) => `${x.from}: ${x.reason}`)).toEqual([
      '@cnn-analyzer/arch-spec: runs in the browser but @cnn-analyzer/arch-spec/src/read.ts uses the Node built-in fs',
      '@cnn-analyzer/device-board: runs in the browser but @cnn-analyzer/device-board/src/index.ts uses the Node global process',
      '@cnn-analyzer/exporter: runs in the browser but @cnn-analyzer/exporter/src/size.ts uses the Node global Buffer',
      // the exporter's browser entry reaches arch-spec's read.ts too
      '@cnn-analyzer/exporter: runs in the browser but @cnn-analyzer/arch-spec/src/read.ts uses the Node built-in fs',
    ]);
  });
});
