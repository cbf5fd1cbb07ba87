import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerApi } from '@cnn-analyzer/dashboard';
import { openModelDb, syncReads } from '@cnn-analyzer/model-db';
import { createProgram } from '../program.js';
import { captureIo } from '../io.js';
import { runCaptured as cli } from '../run-captured.js';

// Issue #16, "Make consistent".
describe('one output flag, list and compare tables', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'consistent-')), 'm.db');
  const A = 'mobilenetv1_0.25_96_c3_o2';
  const B = 'mobilenetv1_0.1_96_c3_o2';

  it('takes --json on list, compare and show; show prints the object the API serves', async () => {
    for (const n of [A, B]) expect((await cli('analyze', n, '--device', 'stm32f746g-disco', '--db', db)).code).toBe(0);
    expect(JSON.parse((await cli('list', '--db', db, '--json')).out).map((r: { name: string }) => r.name)).toEqual([B, A]);
    expect(JSON.parse((await cli('compare', A, B, '--db', db, '--json')).out).map((r: { name: string }) => r.name)).toEqual([A, B]);
    const shown = JSON.parse((await cli('show', A, '--db', db, '--json')).out);
    const handle = openModelDb(db, { readonly: true });
    const served = await answerApi(syncReads(handle), `/api/variations/${A}`, new URLSearchParams());
    handle.close();
    expect(served.status).toBe(200);
    expect(shown).toEqual(JSON.parse(JSON.stringify(served.body)));
  });

  it('list shows the column it sorts by and says which boards have latency', async () => {
    const r = await cli('list', '--db', db, '--sort', 'arenaBytes', '--desc');
    expect(r.out.split('\n')[0]).toMatch(/arena B ▼$/);
    expect(r.out).toContain('latency recorded on stm32f746g-disco: add --device <board> to show it');
    expect((await cli('list', '--db', db, '--device', 'stm32f746g-disco')).out.split('\n')[0]).toMatch(/latency ms$/);
  });

  it('compare keeps the given order and shows latency and the differences side by side', async () => {
    const r = await cli('compare', A, B, '--db', db);
    expect(r.code, r.err).toBe(0);
    const [header, , ...lines] = r.out.trimEnd().split('\n');
    expect(header).toMatch(new RegExp(`^metric\\s+${A}\\s+${B}\\s+difference$`));
    // MISSION.md: the reference model has 221,794 params; α = 0.1 has fewer, so the difference is negative
    expect(lines.find((l) => l.startsWith('params'))).toMatch(/221,794 .* −/);
    expect(lines.some((l) => l.startsWith('latency ms (stm32f746g-disco)'))).toBe(true);
    // and where the dashboard draws the two layer by layer
    expect(r.out).toContain(`#/layers?names=${encodeURIComponent(A)},${encodeURIComponent(B)}`);
  });
});

describe('help texts', () => {
  const help = (cmd: ReturnType<typeof createProgram>): string => {
    const io = captureIo();
    cmd.configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    cmd.outputHelp();
    return io.stdout();
  };

  it('break no sentence by hand, name no file users do not have, and state KB = 1024 bytes once', () => {
    const program = createProgram(captureIo());
    const texts = [help(program), ...program.commands.map((c) => help(c as ReturnType<typeof createProgram>))];
    for (const c of program.commands) expect(c.description(), c.name()).not.toMatch(/[^.:]\n/); // a break only after a sentence
    expect(texts.join('\n')).not.toContain('MISSION.md');
    expect(texts.join('\n').match(/KB = 1024 bytes/g)).toHaveLength(1);
  });
});
