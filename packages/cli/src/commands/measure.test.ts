import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boardRuns, openModelDb } from '@cnn-analyzer/model-db';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured as cli } from '../run-captured.js';

// A pseudo-terminal pair from socat (Debian: apt-get install -y socat): the test writes a recorded board session
// to one end, `measure` reads the other as the board's serial port.
const hasSocat = spawnSync('socat', ['-V']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'measure-'));
const [boardEnd, hostEnd] = [join(dir, 'board'), join(dir, 'host')];
const model = join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_int8.tflite');
const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
const session = (hash: string): string[] => readFileSync(join(import.meta.dirname, '../../test/fixtures/board-session.txt'), 'utf8').replaceAll('MODEL_SHA', hash).split('\n');

/** Write lines to the board end of the pty, a few ms apart, once the reader is attached. */
function replay(lines: readonly string[]): void {
  setTimeout(() => {
    let i = 0;
    const tick = setInterval(() => {
      if (i >= lines.length) return clearInterval(tick);
      writeFileSync(boardEnd, lines[i++]! + '\n');
    }, 5);
  }, 300);
}

describe.skipIf(!hasSocat)('measure over a serial port (socat pty replaying a board session)', () => {
  let socat: ChildProcess;
  beforeAll(async () => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${boardEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !(existsSync(boardEnd) && existsSync(hostEnd)); i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => {
    socat.kill();
  });

  const db = join(dir, 'm.db');

  it('records the complete runs once, skipping noise and the run a reset cut short', async () => {
    replay(session(sha));
    const { code, out, err } = await cli('measure', model, '--device', 'stm32f746g-disco', '--port', hostEnd, '--runs', '2', '--timeout', '10', '--db', db);
    expect(code, err).toBe(0);
    expect(out).toContain('mlperf_tiny_kws_ref_model_int8 on stm32f746g-disco (x-cube-ai): 2 runs');
    expect(out).toContain('skipped 5 other lines and 1 cut-short runs');
    const d = openModelDb(db);
    const runs = boardRuns(d, 'stm32f746g-disco');
    d.close();
    expect(runs.map((r) => r.totalCycles)).toEqual([2_754_669, 2_754_711]);
    expect(runs[1]!.ops).toEqual([{ op: 'CONV_2D', cycles: 811_990 }, { op: 'DEPTHWISE_CONV_2D', cycles: 240_120 }, { op: 'CONV_2D', cycles: 1_702_601 }]);
    expect(runs[0]!.modelSha256).toBe(sha);
  });

  it('refuses a board running another model with one line and exit code 2, recording nothing', async () => {
    replay(session('0'.repeat(64)));
    const { code, err } = await cli('measure', model, '--device', 'stm32f746g-disco', '--port', hostEnd, '--runs', '2', '--timeout', '10', '--db', db);
    expect(code).toBe(2);
    expect(err).toContain('measure: the board runs model 000000000000…, not mlperf_tiny_kws_ref_model_int8');
    const d = openModelDb(db);
    expect(boardRuns(d, 'stm32f746g-disco')).toHaveLength(2);
    d.close();
  });
});

describe('measure flags', () => {
  it.each([
    [['measure', model, '--port', '/dev/null'], '--device: the board is required'],
    [['measure', model, '--device', 'stm32f746g-disco'], '--port: the serial port is required'],
    [['measure', model, '--device', 'stm32f746g-disco', '--port', '/nonexistent/tty', '--timeout', '2', '--no-db'], '--port: cannot open "/nonexistent/tty"'],
  ])('%j fails with one line and exit code 2', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
