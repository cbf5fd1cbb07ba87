import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { archPluginGenerator, devicePluginGenerator, registerPlugin } from './index.js';

const require = createRequire(import.meta.url);
const { FsTree, flushChanges } = require('nx/src/generators/tree') as {
  FsTree: new (root: string, verbose: boolean) => import('@nx/devkit').Tree & { listChanges(): unknown[] };
  flushChanges(root: string, changes: unknown[]): void;
};

const root = fileURLToPath(new URL('../../../', import.meta.url));
// A user's project: inside the repository's ignored tmp/ so the generated plugins resolve @cnn-analyzer/* and zod
// from the installed node_modules, as they would in a project that installed CNN Analyzer.
const project = join(root, 'tmp', `plugin-project-${process.pid}`);
afterAll(() => rmSync(project, { recursive: true, force: true }));
const bin = join(root, 'packages/cli/bin/cnn-analyzer.js');
const cli = (...args: string[]): { status: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, CNN_ANALYZER_DB: join(project, 'test.db') } });
  return { status: r.status, out: r.stdout, err: r.stderr };
};
const gitStatus = (): string => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });

describe('generated plugins are used from configuration, with no core file edited', () => {
  it('generates an architecture and a board, registers both, and the CLI lists and analyzes with them', async () => {
    const before = gitStatus();
    const rootConfig = existsSync(join(root, 'cnn-analyzer.config.json'));
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-models', private: true, type: 'module' }, null, 2));
    const tree = new FsTree(project, false);
    await archPluginGenerator(tree, { name: 'demo-net' });
    await devicePluginGenerator(tree, { name: 'demo-board' });
    flushChanges(project, tree.listChanges());
    // both generators registered what they made in one new configuration file
    expect(JSON.parse(readFileSync(join(project, 'cnn-analyzer.config.json'), 'utf8'))).toEqual({
      architectures: ['./plugins/arch/demo-net'],
      devices: ['./plugins/device/demo-board'],
    });
    // build the plugins as `npm run build` would (ESM in dist/, dependencies left to node_modules)
    for (const dir of ['plugins/arch/demo-net', 'plugins/device/demo-board']) {
      await build({ entryPoints: [join(project, dir, 'src/index.ts')], outfile: join(project, dir, 'dist/index.js'), bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent' });
    }

    const archs = cli('architectures', '--json');
    expect(archs.status, archs.err).toBe(0);
    const demo = (JSON.parse(archs.out) as { name: string; factors: { flag: string }[] }[]).find((a) => a.name === 'demo-net');
    expect(demo?.factors.map((f) => f.flag)).toEqual(['alpha', 'resolution', 'input-channels', 'classes', 'depth']);
    expect(cli('architectures').out).toContain('mobilenet-v1'); // the built-ins stay

    const boards = cli('devices', '--json');
    expect(boards.status, boards.err).toBe(0);
    expect((JSON.parse(boards.out) as { name: string; ramBytes: number; deployLayout: string }[]).find((d) => d.name === 'demo-board')).toMatchObject({ ramBytes: 256 * 1024, deployLayout: 'stm32cube' });

    const analyzed = cli('analyze', 'demo-net', '--depth', '2', '--device', 'demo-board', '--json', '--no-db');
    expect(analyzed.status, analyzed.err).toBe(0);
    const report = JSON.parse(analyzed.out) as { name: string; architecture: string; totals: { params: number }; latency: { device: string }; fit: { fits: boolean } };
    expect(report.name).toBe('demonet_1_96_c3_o2_d2');
    expect(report.architecture).toBe('demo-net');
    // conv 3×3×3→16 + BN 16 (4 each) + conv 3×3×16→32 + BN 32 + dense 32→2 (weights and biases)
    expect(report.totals.params).toBe(3 * 3 * 3 * 16 + 16 + 4 * 16 + (3 * 3 * 16 * 32 + 32) + 4 * 32 + (32 * 2 + 2));
    expect(report.latency.device).toBe('demo-board');
    expect(report.fit.fits).toBe(true);
    // its compound name is understood too
    expect(cli('analyze', 'demonet_0.5_64_c1_o10_d2', '--json', '--no-db').status).toBe(0);

    // a sweep's worker threads load the same configured plugins
    const swept = cli('sweep', 'demo-net', '--depth', '1,2', '--alpha', '0.5,1', '--workers', '2', '--json', '--no-progress', '--db', join(project, 'sweep.db'));
    expect(swept.status, swept.err).toBe(0);
    expect(JSON.parse(swept.out)).toMatchObject({ architecture: 'demo-net', total: 4, complete: true, progress: { error: 0 } });

    // nothing outside the user's project changed
    expect(existsSync(join(root, 'cnn-analyzer.config.json'))).toBe(rootConfig);
    expect(gitStatus()).toBe(before);
  }, 120_000);

  it('adds to an existing configuration: package.json key, JSON file, and only a message for a script config', () => {
    const tree = new FsTree(join(root, 'tmp', `no-such-dir-${process.pid}`), false);
    tree.write('package.json', JSON.stringify({ name: 'x', 'cnn-analyzer': { devices: ['esp-board'] } }));
    expect(registerPlugin(tree, 'devices', './plugins/device/b')).toEqual({ file: 'package.json', action: 'updated' });
    expect(registerPlugin(tree, 'devices', './plugins/device/b')).toEqual({ file: 'package.json', action: 'unchanged' });
    expect(JSON.parse(tree.read('package.json', 'utf-8')!)['cnn-analyzer']).toEqual({ devices: ['esp-board', './plugins/device/b'] });
    const js = new FsTree(join(root, 'tmp', `no-such-dir-${process.pid}`), false);
    js.write('cnn-analyzer.config.mjs', 'export default {};\n');
    expect(registerPlugin(js, 'architectures', './plugins/arch/a')).toEqual({ file: 'cnn-analyzer.config.mjs', action: 'manual' });
    expect(js.read('cnn-analyzer.config.mjs', 'utf-8')).toBe('export default {};\n');
  });
});
