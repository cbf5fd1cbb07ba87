import { describe, expect, it } from 'vitest';
import { jobId } from './job-kinds.js';
import { parseQueueUrl, redactQueueUrl } from './queue-url.js';

describe('queue URLs', () => {
  it('reads host, port (6379 by default), database, user and password', () => {
    expect(parseQueueUrl('redis://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6379, db: 0 });
    expect(parseQueueUrl('redis://queue.lan:6380/2')).toEqual({ host: 'queue.lan', port: 6380, db: 2 });
    expect(parseQueueUrl('rediss://cnn:s%40cret@[::1]:7000')).toEqual({ host: '::1', port: 7000, db: 0, username: 'cnn', password: 's@cret', tls: {} });
  });

  it('names the flag and the value of a bad URL', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow('--queue: "localhost:6379" is not a redis:// URL');
    expect(() => parseQueueUrl('not a url')).toThrow('--queue: "not a url" is not a URL (expected redis://host:port)');
    expect(() => parseQueueUrl('http://host:6379')).toThrow(/is not a redis:\/\/ URL/);
    expect(() => parseQueueUrl('redis://host:6379/x')).toThrow('--queue: database "x" of "redis://host:6379/x" is not a number');
  });

  it('hides the password in messages', () => {
    expect(redactQueueUrl('redis://cnn:secret@host:6379')).toBe('redis://cnn:***@host:6379');
    expect(redactQueueUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('job ids', () => {
  it('are the same for the same work whatever the key order, and differ with the seed', () => {
    const a = jobId('train', { name: 'm', config: { seed: 1, epochs: 2 } });
    expect(jobId('train', { config: { epochs: 2, seed: 1 }, name: 'm' })).toBe(a);
    expect(jobId('train', { name: 'm', config: { seed: 2, epochs: 2 } })).not.toBe(a);
    expect(jobId('analyze', { name: 'm', config: { seed: 1, epochs: 2 } })).not.toBe(a);
    expect(a).toMatch(/^train-[0-9a-f]{32}$/); // BullMQ refuses ids with ':' or all digits
  });
});
