import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadPlugins } from './load.js';
import { BUILTIN_ARCHITECTURES, BUILTIN_DEVICES } from './builtin.js';
import { run } from '../program.js';
import { captureIo } from '../io.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with the given files (the board module imports the built device package, as an installed plugin would). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-plugins-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const deviceDist = pathToFileURL(join(root, 'packages/device/dist/index.js')).href;
const board = (name: string): string => `import { defineDevice } from ${JSON.stringify(deviceDist)};
export default defineDevice({
  name: ${JSON.stringify(name)}, title: 'Test board', flash: 2097152, ram: 524288,
  cpu: { core: 'Cortex-M7', clockHz: 216000000 },
  runtimes: [{ runtime: 'tflm-reference', version: 'test', cycles: { 'mac.conv': 2, 'mac.pointwise': 2, 'mac.first': 2, 'mac.depthwise': 3, 'mac.dense': 2, node: 0 }, interval: { relative: 0.5, basis: 'test' }, source: 'test' }],
  runtimeFootprint: { flash: 61440, ram: 8192, source: 'test' },
});
`;

describe('plugins from configuration', () => {
  it('are the built-in ones when no configuration is found', async () => {
    const registry = await loadPlugins(project({ 'README.md': '' }));
    expect(registry.configPath).toBeUndefined();
    expect(registry.architectures).toBe(BUILTIN_ARCHITECTURES);
    expect(registry.devices.map((d) => d.name)).toEqual(BUILTIN_DEVICES.map((d) => d.name));
  });

  it('adds the boards a cnn-analyzer.config.json lists, found from a subfolder', async () => {
    const dir = project({ 'cnn-analyzer.config.json': JSON.stringify({ devices: ['./boards/test-board.mjs'] }), 'boards/test-board.mjs': board('test-board'), 'src/x/.keep': '' });
    const registry = await loadPlugins(join(dir, 'src', 'x'));
    expect(registry.configPath).toBe(join(dir, 'cnn-analyzer.config.json'));
    expect(registry.devices.map((d) => d.name)).toEqual([...BUILTIN_DEVICES.map((d) => d.name), 'test-board']);
    expect(registry.architectures).toEqual(BUILTIN_ARCHITECTURES);
  });

  it("reads package.json's cnn-analyzer key and a .mjs config; builtins: false keeps only the listed plugins", async () => {
    const pkg = project({ 'package.json': JSON.stringify({ name: 'user-project', 'cnn-analyzer': { devices: ['./b.mjs'] } }), 'b.mjs': board('pkg-board') });
    expect((await loadPlugins(pkg)).devices.at(-1)?.name).toBe('pkg-board');
    const mjs = project({
      // a plugin package folder: resolved through its package.json exports, like an installed package
      'cnn-analyzer.config.mjs': `export default { builtins: false, architectures: [${JSON.stringify(join(root, 'plugins/arch/mobilenet-v1'))}], devices: ['./b.mjs'] };\n`,
      'b.mjs': board('only-board'),
    });
    const only = await loadPlugins(mjs);
    expect(only.architectures.map((a) => a.name)).toEqual(['mobilenet-v1']);
    expect(only.devices.map((d) => d.name)).toEqual(['only-board']);
  });

  it('uses the configured plugins in the CLI commands', async () => {
    const dir = project({ 'cnn-analyzer.config.json': JSON.stringify({ devices: ['./b.mjs'] }), 'b.mjs': board('cli-board') });
    const io = captureIo();
    expect(await run(['devices', '--json'], io, { cwd: dir })).toBe(0);
    expect((JSON.parse(io.stdout()) as { name: string }[]).map((d) => d.name)).toContain('cli-board');
    const bad = captureIo();
    expect(await run(['analyze', 'mobilenetv1_0.25_96_c3_o2', '--device', 'cli-bord', '--no-db'], bad, { cwd: dir })).toBe(2);
    expect(bad.stderr()).toMatch(/--device: "cli-bord" is unknown \(known: .*cli-board\)/);
  });

  it('fails with one line naming the file, the entry and the rule', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'cnn-analyzer.config.json': '{"plugins": []}' }, /cnn-analyzer\.config\.json: .*plugins/],
      [{ 'cnn-analyzer.config.json': '{"devices": "./b.mjs"}' }, /cnn-analyzer\.config\.json: devices: .*array.* \(got "\.\/b\.mjs"\)/],
      [{ 'cnn-analyzer.config.json': '{"devices": ["./missing.mjs"]}' }, /devices\[0\]: "\.\/missing\.mjs" is not a file or a plugin package folder/],
      [{ 'cnn-analyzer.config.json': '{"devices": ["@nobody/no-such-board"]}' }, /devices\[0\]: "@nobody\/no-such-board" cannot be found from .*: install it/],
      [{ 'cnn-analyzer.config.json': '{"devices": ["./b.mjs"]}', 'b.mjs': 'export default { name: "x" };\n' }, /devices\[0\]: "\.\/b\.mjs" does not export a board \(defineDevice\)/],
      [{ 'cnn-analyzer.config.json': '{"devices": ["./b.mjs"]}', 'b.mjs': board('esp32') }, /devices: "\.\/b\.mjs" defines "esp32", which is already registered/],
      [{ 'cnn-analyzer.config.json': '{"devices": [' }, /cnn-analyzer\.config\.json: cannot be read: .*JSON/],
      [{ 'cnn-analyzer.config.mjs': 'export default {;\n' }, /cnn-analyzer\.config\.mjs: cannot be read: /],
    ];
    for (const [files, message] of cases) {
      const dir = project(files);
      await expect(loadPlugins(dir)).rejects.toThrow(message);
      const io = captureIo();
      expect(await run(['devices'], io, { cwd: dir })).toBe(2);
      expect(io.stderr().trim().split('\n')).toHaveLength(1);
    }
  });
});
