import { describe, expect, it } from 'vitest';
import { captureIo } from '../io.js';
import { formatDuration, progressReporter, type SweepProgress } from './progress.js';

const at = (pass: number, elapsedMs: number, resumed = 0): SweepProgress => ({ total: 8, resumed, pass, reject: 1, error: 0, elapsedMs });

describe('sweep progress', () => {
  it('writes a line on start and the final one in a log, not one per update', () => {
    const io = captureIo();
    const r = progressReporter(io, { intervalMs: 60_000 });
    r.update(at(0, 0));
    for (let i = 1; i < 7; i++) r.update(at(i, i * 1000));
    r.end(at(7, 8000));
    const lines = io.stderr().split('\n').filter(Boolean);
    expect(lines).toEqual([
      'sweep [###---------------------] 1/8  13%  0.0/s  ETA ?  pass 0 reject 1 error 0',
      'sweep [########################] 8/8 100%  1.0/s  ETA 0s  pass 7 reject 1 error 0',
    ]);
    expect(io.stderr()).not.toMatch(/\x1b/);
  });

  it('counts rate and ETA on this run only when resuming', () => {
    const io = captureIo();
    const r = progressReporter(io, { intervalMs: 60_000 });
    // 4 finished before, 2 done now in 4 s: 0.5/s, 2 left → 4 s
    r.update({ total: 8, resumed: 4, pass: 1, reject: 1, error: 0, elapsedMs: 4000 });
    r.stop();
    expect(io.stderr()).toContain('6/8  75%  0.5/s  ETA 4s');
  });

  it('redraws in place on a terminal', () => {
    const io = { ...captureIo(), errIsTTY: true };
    const base = captureIo();
    const tty = { out: base.out, err: base.err, isTTY: false, errIsTTY: true };
    const r = progressReporter(tty, { intervalMs: 60_000 });
    r.update(at(2, 1000));
    r.end(at(7, 2000));
    expect(base.stderr()).toMatch(/\x1b\[/);
    expect(base.stderr()).toContain('8/8 100%');
    expect(base.stderr().endsWith('\n')).toBe(true);
    expect(io.errIsTTY).toBe(true);
  });

  it('is silent when quiet', () => {
    const io = captureIo();
    const r = progressReporter(io, { quiet: true });
    r.update(at(1, 1));
    r.end(at(7, 2));
    expect(io.stderr()).toBe('');
  });

  it('formats durations', () => {
    expect([formatDuration(42_000), formatDuration(67_000), formatDuration(7_380_000)]).toEqual(['42s', '1m07s', '2h03m']);
  });
});
