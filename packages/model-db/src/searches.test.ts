import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDb } from './database.js';
import { beginSearch, finishSearch, getSearch, recordSearchEvaluation, searchEvaluations } from './searches.js';

describe('searches', () => {
  it('records evaluations in order under one id, keeps the first of a name, and resumes by id', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cnn-search-')), 'db.sqlite');
    const db = openModelDb(path);
    const s = beginSearch(db, { id: 'abc', architecture: 'mobilenet-v1', spec: { maxMacs: 60e6 } });
    expect(s.finishedAt).toBeNull();
    recordSearchEvaluation(db, 'abc', { name: 'b', pass: false, evaluation: { params: 2 } });
    recordSearchEvaluation(db, 'abc', { name: 'a', pass: true, evaluation: { params: 1 } });
    recordSearchEvaluation(db, 'abc', { name: 'b', pass: true, evaluation: { params: 3 } });
    db.close();
    const again = openModelDb(path);
    expect(beginSearch(again, { id: 'abc', architecture: 'mobilenet-v1', spec: { maxMacs: 60e6 } }).createdAt).toBe(s.createdAt);
    expect(searchEvaluations(again, 'abc')).toEqual([
      { name: 'b', pass: false, evaluation: { params: 2 } },
      { name: 'a', pass: true, evaluation: { params: 1 } },
    ]);
    finishSearch(again, 'abc', { best: 'a' });
    expect(getSearch(again, 'abc')!.result).toEqual({ best: 'a' });
    again.close();
  });
});
