import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoardSessionReader } from './board-session.js';

const lines = (sha: string): string[] => readFileSync(join(import.meta.dirname, '../test/fixtures/board-session.txt'), 'utf8').replaceAll('MODEL_SHA', sha).split('\n');
const SHA = 'a'.repeat(64);

describe('BoardSessionReader', () => {
  it('keeps complete runs, skips noise, drops the run a reset cut short', () => {
    const r = new BoardSessionReader(SHA, 'kws');
    for (const l of lines(SHA)) r.push(l);
    const s = r.finish();
    expect(s.runs.map((x) => x.totalCycles)).toEqual([2_754_669, 2_754_711]);
    expect(s.runs[0]!.ops.map((o) => [o.op, o.cycles])).toEqual([['CONV_2D', 812_001], ['DEPTHWISE_CONV_2D', 240_112], ['CONV_2D', 1_702_556]]);
    expect(s.runs[0]!.clockHz).toBe(216_000_000);
    // the boot banner, the project line, the torn op line, the banner after the reset, the noise line
    expect(s.garbageLines).toBe(5);
    expect(s.incompleteRuns).toBe(1);
  });

  it('counts a run the input ends in as incomplete', () => {
    const r = new BoardSessionReader(SHA, 'kws');
    for (const l of lines(SHA).slice(0, 8)) r.push(l);
    expect(r.finish()).toMatchObject({ runs: [], incompleteRuns: 2 });
  });

  it('refuses a session of another model, naming both', () => {
    const r = new BoardSessionReader(SHA, 'kws');
    expect(() => lines('b'.repeat(64)).forEach((l) => r.push(l))).toThrow(`measure: the board runs model bbbbbbbbbbbb…, not kws (aaaaaaaaaaaa…): deploy this model first`);
  });
});
