import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { deviceConformance } from '@cnn-analyzer/conformance';
import type { CalibrationPoint, Device } from '@cnn-analyzer/device';
import { devicePluginFiles } from '../index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
// Generated inside the repository (gitignored) at plugins/device/<name>'s depth, so its imports resolve like a real plugin's.
const out = join(root, 'tmp', 'device', `generated-${process.pid}`);
for (const [path, content] of Object.entries(devicePluginFiles({ name: 'demo-board' }))) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), content);
}
const generated = (await import(join(out, 'src/device.ts'))) as { demoBoard: Device };
const data = (await import(join(out, 'src/calibration-data.ts'))) as { POINTS: readonly CalibrationPoint[] };
afterAll(() => rmSync(out, { recursive: true, force: true }));

// The generated board passes the device conformance suite exactly as generated.
deviceConformance(generated.demoBoard, { points: data.POINTS });

describe('device-plugin generator', () => {
  it('rejects a name that is not kebab-case', () => {
    expect(() => devicePluginFiles({ name: 'My Board' })).toThrow('name: "My Board" must be kebab-case');
  });

  it('runs through `nx g` (dry run) and lists the plugin files', () => {
    const r = spawnSync('npx', ['nx', 'g', '@cnn-analyzer/generators:device-plugin', 'dry-board', '--dry-run', '--no-interactive'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    // …and registers it in the CNN Analyzer configuration
    expect(r.stdout).toMatch(/(CREATE|UPDATE) (cnn-analyzer\.config\.json|package\.json)/);
    expect(r.stdout).toContain('plugins/device/dry-board/src/device.ts');
  }, 120_000);
});
