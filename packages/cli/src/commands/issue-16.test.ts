import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, symlinkSync, truncateSync, writeFileSync, writeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured } from '../run-captured.js';

// Each case reproduces a report of issue #16 and checks what now happens instead.
const tmp = (): string => mkdtempSync(join(tmpdir(), 'issue16-'));
const KWS = join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_int8.tflite');

/** Exit 2 and exactly one line on stderr containing `message`. */
async function refused(args: string[], message: string | RegExp): Promise<string> {
  const r = await runCaptured(...args);
  expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(2);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at |SqliteError|expected (int|number), received/);
  return lines[0]!;
}

describe('issue 16, item 2: every command finds what analyze recorded, however the name was spelled', () => {
  it('show, report, compare and log-training find the README\'s example name (stored canonically)', async () => {
    const dir = tmp();
    const db = join(dir, 'm.db');
    const given = 'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3'; // l5 is the default loop length
    const canonical = 'mobilenetv1_0.7_96_c3_o2_ll32pl64b0.3';
    expect((await runCaptured('analyze', given, '--db', db)).code).toBe(0);
    expect((await runCaptured('analyze', 'mobilenetv1_0.25_96_c3_o2', '--db', db)).code).toBe(0);
    const shown = await runCaptured('show', given, '--db', db);
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out).row.name).toBe(canonical);
    const report = await runCaptured('report', given, '--db', db, '--out', join(dir, 'r.html'));
    expect(report.code, report.err).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain(canonical);
    const training = await runCaptured('log-training', given, '--int8-accuracy', '0.8', '--db', db);
    expect(training.code, training.err).toBe(0);
    expect(training.out).toContain(canonical);
    const compared = await runCaptured('compare', 'mobilenetv1_0.25_96_c3_o2_l5', given, '--db', db, '--json');
    expect(compared.code, compared.err).toBe(0);
    expect(JSON.parse(compared.out).map((r: { name: string }) => r.name)).toEqual(['mobilenetv1_0.25_96_c3_o2', canonical]); // given order
    expect(JSON.parse(compared.out)[1].int8Accuracy).toBe(0.8);
  });

  it('report counts bytes, not characters', async () => {
    const dir = tmp();
    const db = join(dir, 'm.db');
    await runCaptured('analyze', 'mobilenetv1_0.25_96_c3_o2', '--db', db);
    const r = await runCaptured('report', 'mobilenetv1_0.25_96_c3_o2', '--db', db, '--out', join(dir, 'r.html'), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).bytes).toBe(statSync(join(dir, 'r.html')).size); // the page holds "—", "α", "×": more bytes than characters
  });
});

describe('issue 16, item 3: database faults end in one line, never a stack trace', () => {
  const recorded = async (): Promise<{ dir: string; db: string }> => {
    const dir = tmp();
    const db = join(dir, 'm.db');
    for (const n of ['mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.25_96_c3_o2_l3', 'mobilenetv1_0.5_96_c3_o2']) expect((await runCaptured('analyze', n, '--db', db)).code).toBe(0);
    return { dir, db };
  };

  it('reads a read-only database (read-only file in a read-only folder); writes fail with one line, exit 2', async () => {
    const { dir, db } = await recorded();
    chmodSync(db, 0o444);
    chmodSync(dir, 0o555);
    // root ignores permission bits, so as root the CLI runs as `nobody` (uid 65534), as a user would meet the file
    const bin = fileURLToPath(new URL('../../bin/cnn-analyzer.js', import.meta.url));
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmpdir(), env: { ...process.env, HOME: tmpdir() }, ...asUser });
    const list = run('list', '--db', db, '--json');
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(3);
    expect(run('show', 'mobilenetv1_0.25_96_c3_o2', '--db', db).status).toBe(0);
    expect(run('report', 'mobilenetv1_0.25_96_c3_o2', '--db', db, '--out', join(tmpdir(), `ro-${process.pid}.html`)).status).toBe(0);
    for (const args of [['analyze', 'mobilenetv1_0.1_96_c3_o2', '--db', db], ['log-training', 'mobilenetv1_0.25_96_c3_o2', '--int8-accuracy', '0.5', '--db', db]]) {
      const r = run(...args);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('is read-only, so nothing can be recorded');
    }
    chmodSync(dir, 0o755);
  }, 60_000);

  it('names a file that is not SQLite, a truncated one, a damaged one and a folder', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'text.db'), 'name,params\nmobilenet,1\n'.repeat(20));
    await refused(['list', '--db', join(dir, 'text.db')], /text\.db": is not a SQLite database/);
    const { db } = await recorded();
    const size = statSync(db).size;
    copyFileSync(db, join(dir, 'cut.db'));
    truncateSync(join(dir, 'cut.db'), Math.floor(size / 2));
    await refused(['show', 'mobilenetv1_0.25_96_c3_o2', '--db', join(dir, 'cut.db')], /cut\.db": is truncated/);
    await refused(['analyze', '--db', join(dir, 'cut.db')], /cut\.db": is truncated/);
    copyFileSync(db, join(dir, 'bad.db'));
    const fd = openSync(join(dir, 'bad.db'), 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 4096); // page 2 (page size 4096) overwritten, header intact
    closeSync(fd);
    await refused(['list', '--db', join(dir, 'bad.db')], /bad\.db": is damaged/);
    await refused(['list', '--db', join(dir, 'bad.db'), '--check'], /bad\.db": is damaged/);
    mkdirSync(join(dir, 'folder.db'));
    await refused(['list', '--db', join(dir, 'folder.db')], /folder\.db": is a directory/);
  }, 60_000);

  it('passes --check on a sound database', async () => {
    const { db } = await recorded();
    const r = await runCaptured('list', '--db', db, '--check', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toHaveLength(3);
  });
});

describe('issue 16, item 4: --sort takes only its own list', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('refuses --sort %s with one line', async (key) => {
    const db = join(tmp(), 'm.db');
    await runCaptured('analyze', '--db', db);
    await refused(['list', '--db', db, '--sort', key], `--sort: "${key}" is not one of name, params`);
  });
});

describe('issue 16, item 5: file-system errors are checked before work', () => {
  it('refuses a folder named x.tflite, a 3 GiB file, /dev/zero behind a link, and names the limit', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x.tflite'));
    await refused(['analyze', join(dir, 'x.tflite'), '--no-db'], 'is a folder, not a .tflite file');
    await refused(['memory', join(dir, 'x.tflite'), '--no-db'], 'is a folder, not a .tflite file');
    const big = join(dir, 'big.tflite');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 3 * 1024 ** 3); // sparse: no disk used
    await refused(['analyze', big, '--no-db'], 'is 3,221,225,472 bytes, more than the 256 MiB a model file may have');
    symlinkSync('/dev/zero', join(dir, 'zero.tflite'));
    await refused(['analyze', join(dir, 'zero.tflite'), '--no-db'], 'is not a regular file');
    symlinkSync(join(dir, 'loop.tflite'), join(dir, 'loop.tflite'));
    await refused(['analyze', join(dir, 'loop.tflite'), '--no-db'], 'link that points to itself');
  });

  it('refuses export --out onto an existing file before building anything, and report --out into a missing folder', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'taken'), 'x');
    const line = await refused(['export', 'mobilenetv1_0.1_96_c3_o2', '--out', join(dir, 'taken'), '--no-db'], 'exists and is not a folder');
    expect(line).toContain('--out');
    const r = await runCaptured('export', 'mobilenetv1_0.1_96_c3_o2', '--out', join(dir, 'taken'), '--no-db');
    expect(r.err).not.toContain('building TensorFlow.js model');
    const db = join(dir, 'm.db');
    await runCaptured('analyze', '--db', db);
    await refused(['report', 'mobilenetv1_0.25_96_c3_o2', '--db', db, '--out', '/missing/dir/x.html'], '--out: folder "/missing/dir" does not exist');
    mkdirSync(join(dir, 'r.html'));
    await refused(['report', 'mobilenetv1_0.25_96_c3_o2', '--db', db, '--out', join(dir, 'r.html')], `--out: "${join(dir, 'r.html')}" is a folder`);
    await refused(['report', 'mobilenetv1_0.25_96_c3_o2', '--db', db, '--out', '/dev/null.html/x.html'], '--out: ');
  });
});

describe('issue 16, item 6: no silent overrides or losses', () => {
  it('refuses a factor flag that contradicts the compound name, allows one that repeats it', async () => {
    await refused(['analyze', 'mobilenetv1_0.25_96_c3_o2', '--alpha', '0.5', '--no-db'], '--alpha 0.5: the name mobilenetv1_0.25_96_c3_o2 already sets alpha to 0.25');
    await refused(['analyze', 'mobilenetv1_0.25_96_c3_o2', '--loop-length', '3', '--no-db'], 'already sets loopLength to 5');
    expect((await runCaptured('analyze', 'mobilenetv1_0.25_96_c3_o2', '--alpha', '0.25', '--no-db')).code).toBe(0);
  });

  it('keys imported files by content: a/model.tflite and b/model.tflite are two records, each with its path', async () => {
    const dir = tmp();
    const db = join(dir, 'm.db');
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    copyFileSync(KWS, join(dir, 'a', 'model.tflite'));
    copyFileSync(join(referenceModelsDir(), 'mlperf_tiny_kws_ref_model_float32.tflite'), join(dir, 'b', 'model.tflite'));
    for (const f of ['a', 'b']) expect((await runCaptured('analyze', join(dir, f, 'model.tflite'), '--db', db)).code).toBe(0);
    const rows = JSON.parse((await runCaptured('list', '--db', db, '--json')).out) as { name: string; factors: { file: string } }[];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.factors.file).sort()).toEqual([join(dir, 'a', 'model.tflite'), join(dir, 'b', 'model.tflite')]);
    expect(rows.every((r) => /^model\.tflite@[0-9a-f]{12}$/.test(r.name))).toBe(true);
    // the same file again (or a copy of it) is the same record; `show` takes the path too
    copyFileSync(KWS, join(dir, 'copy.tflite'));
    const shown = await runCaptured('show', join(dir, 'a', 'model.tflite'), '--db', db);
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out).row.factors.file).toBe(join(dir, 'a', 'model.tflite'));
  });

  it('says when --db names a new file, and list/dashboard refuse a missing one unless --create', async () => {
    const dir = tmp();
    const r = await runCaptured('analyze', '--db', join(dir, 'typo.db'));
    expect(r.code).toBe(0);
    expect(r.err).toContain(`note: created a new model database ${join(dir, 'typo.db')}`);
    expect((await runCaptured('analyze', '--db', join(dir, 'typo.db'))).err).not.toContain('created');
    await refused(['list', '--db', join(dir, 'missing.db')], 'missing.db": no such file (check --db or $CNN_ANALYZER_DB; --create starts a new one)');
    await refused(['dashboard', '--db', join(dir, 'missing.db'), '--port', '0'], 'no such file');
    const swept = await runCaptured('sweep', 'mobilenet-v1', '--alpha', '0.1', '--workers', '0', '--no-progress', '--db', join(dir, 'sweep-typo.db'));
    expect(swept.code, swept.err).toBe(0);
    expect(swept.err).toContain(`note: created a new model database ${join(dir, 'sweep-typo.db')}`);
    const created = await runCaptured('list', '--db', join(dir, 'new.db'), '--create');
    expect(created.code, created.err).toBe(0);
    expect(created.err).toContain('created a new model database');
  });

  it('refuses list --architecture nope and --device nope instead of listing nothing', async () => {
    const db = join(tmp(), 'm.db');
    await runCaptured('analyze', '--db', db);
    await refused(['list', '--db', db, '--architecture', 'nope'], '--architecture: "nope" is unknown (known: mobilenet-v1,');
    await refused(['list', '--db', db, '--device', 'nope'], '--device: "nope" is unknown (known: stm32f746g-disco,');
    await refused(['compare', 'mobilenetv1_0.25_96_c3_o2', 'mobilenetv1_0.1_96_c3_o2', '--db', db], 'compare: "mobilenetv1_0.1_96_c3_o2" is not in the database');
    await refused(['compare', 'mobilenetv1_0.25_96_c3_o2', '--db', db], 'compare: needs two or more names (got 1)');
  });
});

describe('issue 16: error messages name the field, the value and the rule, in our words', () => {
  it.each([
    [['analyze', 'mobilenet-v1', '--resolution', '96.5', '--no-db'], 'mobilenet-v1: factors.resolution: must be a whole number with 32 ≤ x ≤ 1024 (got 96.5)'],
    [['analyze', 'mobilenet-v1', '--alpha', 'x', '--no-db'], 'mobilenet-v1: factors.alpha: must be a number with 0 < x ≤ 4 (got "x")'],
    [['analyze', 'mobilenet-v1', '--classes', '0', '--no-db'], 'factors.classes: must be a whole number with 1 ≤ x ≤ 100000 (got 0)'],
  ])('%j', async (args, message) => {
    await refused(args, message);
  });
});
