import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectDbFile } from './file-check.js';
import { openModelDb, wasCreated } from './database.js';
import { recordAnalysis } from './record.js';
import { listVariations } from './query.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'dbfile-'));

function filled(path: string): void {
  const db = openModelDb(path);
  for (let i = 0; i < 40; i++) {
    recordAnalysis(db, { name: `m${i}`, architecture: 'a', factors: {}, layers: Array.from({ length: 20 }, (_, k) => ({ name: `l${k}`, op: 'conv2d', inputShape: [1], outputShape: [1], outputChannels: 1, params: 1, macs: 1, flops: 1, activationBytes: 1 })), totals: { params: 1, macs: 1, flops: 1 } });
  }
  db.close();
}

describe('the model database file, looked at before SQLite uses it', () => {
  it('tells missing, empty and SQLite files apart', () => {
    const d = dir();
    expect(inspectDbFile(join(d, 'none.db'))).toBe('missing');
    writeFileSync(join(d, 'empty.db'), '');
    expect(inspectDbFile(join(d, 'empty.db'))).toBe('empty');
    filled(join(d, 'ok.db'));
    expect(inspectDbFile(join(d, 'ok.db'))).toBe('sqlite');
  });

  it('refuses a folder, a device, a text file and a truncated file, naming each', () => {
    const d = dir();
    mkdirSync(join(d, 'f.db'));
    expect(() => inspectDbFile(join(d, 'f.db'))).toThrow('f.db": is a directory');
    expect(() => inspectDbFile('/dev/null')).toThrow('"/dev/null": is not a regular file');
    writeFileSync(join(d, 't.db'), 'SQLite format 2\0'.padEnd(200, 'x'));
    expect(() => inspectDbFile(join(d, 't.db'))).toThrow('t.db": is not a SQLite database');
    filled(join(d, 'ok.db'));
    copyFileSync(join(d, 'ok.db'), join(d, 'cut.db'));
    truncateSync(join(d, 'cut.db'), statSync(join(d, 'ok.db')).size - 4096);
    expect(() => inspectDbFile(join(d, 'cut.db'))).toThrow(/cut\.db": is truncated \(\d+ bytes, its header says \d+\)/);
  });

  it('creates a missing file only when asked, and says it did', () => {
    const d = dir();
    expect(() => openModelDb(join(d, 'typo.db'), { create: false })).toThrow('typo.db": no such file');
    const db = openModelDb(join(d, 'new.db'));
    expect(wasCreated(db)).toBe(true);
    db.close();
    const again = openModelDb(join(d, 'new.db'), { readonly: true });
    expect(wasCreated(again)).toBe(false);
    expect(again.readonly).toBe(true);
    expect(listVariations(again)).toEqual([]);
    again.close();
  });
});
