import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/cnn-analyzer.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
}

// End to end through the installed bin (built by `npm install`'s prepare step and `npm test`).
describe('the cnn-analyzer bin', () => {
  it('is built', () => expect(built, 'run `npm run build` at the repository root').toBe(true));

  it('prints the reference model as JSON', () => {
    const r = cli('analyze', 'mobilenetv1_0.25_96_c3_o2', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.totals.params).toBe(221_794);
    expect(report.totals.macs).toBe(7_489_664);
  });

  it('exits 2 with one line on a bad factor', () => {
    const r = cli('analyze', 'mobilenet-v1', '--alhpa', '0.3');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('error: mobilenet-v1: factors.alhpa: unknown key');
  });

  it('is reachable as `npx cnn-analyzer` from the repository root', () => {
    const r = spawnSync('npx', ['--no-install', 'cnn-analyzer', 'analyze', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('mobilenetv1_0.25_96_c3_o2');
  });
});
