import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boardRuns, openModelDb } from '@cnn-analyzer/model-db';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured as cli } from '../run-captured.js';

// deploy → measure → calibrate → analyze --device, end to end over a pseudo-terminal (socat) replaying a board session.
// The session (test/fixtures/board-session-mobilenetv1_0.1_32.txt) is the independent source: what the test expects
// is read from its lines. It stands in for a recording of the deployed project on an STM32F746G-Disco under
// TFLM + CMSIS-NN (no board is attached here): 31 operators in the deployed graph's order, a boot banner, a run cut
// by a reset, a noise line inside a run, then three complete runs.
const hasSocat = spawnSync('socat', ['-V']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
const [boardEnd, hostEnd] = [join(dir, 'board'), join(dir, 'host')];
// a second port for the last session: what the refused session left unread in the first one's buffer stays there
const [boardEnd2, hostEnd2] = [join(dir, 'board2'), join(dir, 'host2')];
const NAME = 'mobilenetv1_0.1_32_c3_o2';
const BOARD = 'stm32f746g-disco';
const RUNTIME = 'tflm-cmsis-nn';
const fixture = readFileSync(join(import.meta.dirname, '../../test/fixtures/board-session-mobilenetv1_0.1_32.txt'), 'utf8');
const session = (hash: string): string[] => fixture.replaceAll('MODEL_SHA', hash).split('\n');
/** The complete runs' totals and the median total in ms at the session's clock, read from the session's `end` lines. */
const totals = [...fixture.matchAll(/\{"event":"end","cycles":(\d+)\}/g)].map((m) => Number(m[1]));
const clockHz = Number(/"clock_hz":(\d+)/.exec(fixture)![1]);
const measuredMs = ([...totals].sort((a, b) => a - b)[1]! / clockHz) * 1000;

function replay(lines: readonly string[], board = boardEnd): void {
  setTimeout(() => {
    let i = 0;
    const tick = setInterval(() => {
      if (i >= lines.length) return clearInterval(tick);
      writeFileSync(board, lines[i++]! + '\n');
    }, 3);
  }, 300);
}

describe.skipIf(!hasSocat)('measure → calibrate → analyze --device on a replayed board session', () => {
  let socat: ChildProcess;
  let socat2: ChildProcess;
  const db = join(dir, 'm.db');
  const calibrationDir = join(dir, 'calibration');
  const file = join(calibrationDir, `${BOARD}-${RUNTIME}.json`);
  let tflite = '';
  const saved = process.env.CNN_ANALYZER_CALIBRATION_DIR;
  beforeAll(async () => {
    process.env.CNN_ANALYZER_CALIBRATION_DIR = calibrationDir;
    socat = spawn('socat', [`pty,raw,echo=0,link=${boardEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
    socat2 = spawn('socat', [`pty,raw,echo=0,link=${boardEnd2}`, `pty,raw,echo=0,link=${hostEnd2}`], { stdio: 'ignore' });
    for (let i = 0; i < 50 && ![boardEnd, hostEnd, boardEnd2, hostEnd2].every((f) => existsSync(f)); i++) await new Promise((r) => setTimeout(r, 50));
    const deployed = await cli('deploy', NAME, '--device', BOARD, '--out', join(dir, 'deploy'), '--no-db', '--json');
    expect(deployed.code, deployed.err).toBe(0);
    const project = JSON.parse(deployed.out) as { project: string; tflite: string };
    tflite = project.tflite;
    // the project prints the hash of the very file deploy wrote beside it
    const sha = createHash('sha256').update(readFileSync(tflite)).digest('hex');
    expect(readFileSync(join(project.project, 'src/inference.cc'), 'utf8')).toContain(`constexpr char kModelSha256[] = "${sha}";`);
  }, 120_000);
  afterAll(() => {
    socat.kill();
    socat2.kill();
    if (saved === undefined) delete process.env.CNN_ANALYZER_CALIBRATION_DIR;
    else process.env.CNN_ANALYZER_CALIBRATION_DIR = saved;
  });

  const estimate = async (...extra: string[]): Promise<{ totalMs: number; intervalMs: number; basis: string }> => {
    const { code, out, err } = await cli('analyze', NAME, '--device', BOARD, '--runtime', RUNTIME, '--no-db', '--json', ...extra);
    expect(code, err).toBe(0);
    const l = JSON.parse(out).latency;
    return { totalMs: l.totalMs, intervalMs: l.intervalMs, basis: l.intervalBasis };
  };

  it('calibrate refuses a missing database and an unknown runtime', async () => {
    const missing = await cli('calibrate', BOARD, '--runtime', RUNTIME, '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`model database "${db}": no such file`);
    const unknown = await cli('calibrate', BOARD, '--runtime', 'tvm', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('runtime "tvm" is unknown (known: x-cube-ai, tflm-cmsis-nn)');
  });

  it('measure records the three complete runs once, skipping the banner, noise and the run a reset cut short', async () => {
    const sha = createHash('sha256').update(readFileSync(tflite)).digest('hex');
    replay(session(sha));
    const { code, out, err } = await cli('measure', tflite, '--device', BOARD, '--runtime', RUNTIME, '--port', hostEnd, '--runs', '3', '--timeout', '15', '--db', db);
    expect(code, err).toBe(0);
    expect(out).toContain(`${NAME} on ${BOARD} (${RUNTIME}): 3 runs`);
    expect(out).toContain('skipped 6 other lines and 1 cut-short runs');
    const d = openModelDb(db);
    const runs = boardRuns(d, BOARD, RUNTIME);
    d.close();
    expect(runs.map((r) => r.totalCycles)).toEqual(totals);
    expect(runs.every((r) => r.ops.length === 31 && r.modelSha256 === sha)).toBe(true);
    // the board's other runtime has no runs: calibrate says so
    const none = await cli('calibrate', BOARD, '--runtime', 'x-cube-ai', '--db', db);
    expect(none.code).toBe(2);
    expect(none.err).toContain(`calibrate: no measurements of ${BOARD} (x-cube-ai) in ${db}: record some with \`cnn-analyzer measure`);
  }, 30_000);

  it('measure refuses a board running another model and records nothing more', async () => {
    replay(session('f'.repeat(64)));
    const { code, err } = await cli('measure', tflite, '--device', BOARD, '--runtime', RUNTIME, '--port', hostEnd, '--runs', '3', '--timeout', '15', '--db', db);
    expect(code).toBe(2);
    expect(err).toContain(`measure: the board runs model ffffffffffff…, not ${NAME}`);
    const d = openModelDb(db);
    expect(boardRuns(d, BOARD, RUNTIME)).toHaveLength(3);
    d.close();
  }, 30_000);

  it('calibrate writes the file analyze --device then uses: the estimate moves toward the measured time', async () => {
    const before = await estimate();
    expect(before.basis).not.toContain('refit');
    const { code, out, err } = await cli('calibrate', BOARD, '--runtime', RUNTIME, '--db', db);
    expect(code, err).toBe(0);
    expect(out).toContain(`${BOARD} (${RUNTIME} 2.5): refit on 2 shipped points and 31 measured (${NAME}: 3 runs, 31 operators)`);
    expect(out).toMatch(/measured fitted: before \d+\.\d+ % MAPE \(24 pts/);
    expect(out).toMatch(/measured held-out: before \d+\.\d+ % MAPE \(7 pts/);
    expect(out).toMatch(/interval: ± 50\.0 % → ± \d+\.\d %/);
    expect(out).toContain(`wrote ${file}`);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ device: BOARD, runtime: RUNTIME, measured: [{ name: NAME, runs: 3, ops: 31, perOperator: true }] });

    const after = await estimate();
    expect(after.basis).toContain('refit with board measurements');
    expect(Math.abs(after.totalMs - measuredMs)).toBeLessThan(Math.abs(before.totalMs - measuredMs));
    expect(Math.abs(after.totalMs / measuredMs - 1)).toBeLessThan(0.1);
    // the text output says which calibration it used; --no-calibration goes back to the shipped coefficients
    const text = await cli('analyze', NAME, '--device', BOARD, '--runtime', RUNTIME, '--no-db');
    expect(text.out).toContain(`Calibration:       local file ${file} (from cnn-analyzer calibrate)`);
    expect((await estimate('--no-calibration')).totalMs).toBeCloseTo(before.totalMs, 9);
  }, 60_000);

  it('takes runs that do not list the deployed graph\'s operators as one whole-model point, the model read from --model', async () => {
    // the measure test's session: 3 operators of the MLPerf Tiny KWS model (whose deployed graph has more)
    const kws = join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_int8.tflite');
    const kwsSession = readFileSync(join(import.meta.dirname, '../../test/fixtures/board-session.txt'), 'utf8');
    const kwsSha = createHash('sha256').update(readFileSync(kws)).digest('hex');
    replay(kwsSession.replaceAll('MODEL_SHA', kwsSha).split('\n'), boardEnd2);
    const m = await cli('measure', kws, '--device', BOARD, '--runtime', RUNTIME, '--port', hostEnd2, '--runs', '2', '--timeout', '15', '--db', db);
    expect(m.code, m.err).toBe(0);
    const without = await cli('calibrate', BOARD, '--runtime', RUNTIME, '--db', db, '--out', join(dir, 'other.json'));
    expect(without.code, without.err).toBe(0);
    expect(without.out).toContain('note: skipped 2 runs of mlperf_tiny_kws_ref_model_int8');
    expect(without.out).toContain('give the measured file with --model mlperf_tiny_kws_ref_model_int8.tflite');
    const withModel = await cli('calibrate', BOARD, '--runtime', RUNTIME, '--db', db, '--out', join(dir, 'other.json'), '--model', kws, '--json');
    expect(withModel.code, withModel.err).toBe(0);
    const r = JSON.parse(withModel.out);
    expect(r.measured).toEqual([
      expect.objectContaining({ name: NAME, runs: 3, perOperator: true }),
      expect.objectContaining({ name: 'mlperf_tiny_kws_ref_model_int8', modelSha256: kwsSha, runs: 2, perOperator: false }),
    ]);
    expect(r.notes.join('\n')).toMatch(/mlperf_tiny_kws_ref_model_int8: the board listed 3 operators, the deployed graph has \d+: fitted as one whole-model point/);
    expect(r.after.measured.fitted.points).toBe(25);
  }, 60_000);

  it('analyze refuses a calibration file of another board with one line and exit code 2', async () => {
    const { code, err } = await cli('analyze', NAME, '--device', 'esp32', '--calibration', file, '--no-db');
    expect(code).toBe(2);
    expect(err).toContain(`calibration ${file}: device: is "${BOARD}", not "esp32"`);
  });
});
