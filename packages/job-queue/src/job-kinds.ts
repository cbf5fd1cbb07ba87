import { createHash } from 'node:crypto';

/** The kinds of job, each on its own queue: a sweep's variation to analyze, a variation to train. */
export const JOB_KINDS = ['analyze', 'train'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** The BullMQ queue of a kind (BullMQ's own key prefix comes before it in Redis). */
export function queueName(kind: JobKind): string {
  return `cnn-analyzer-${kind}`;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/**
 * A job's id: its kind and a hash of what defines its work (key order does not matter). The same work enqueued
 * twice is one job; BullMQ ignores an add whose id it holds.
 */
export function jobId(kind: JobKind, key: unknown): string {
  return `${kind}-${createHash('sha256').update(JSON.stringify(canonical(key))).digest('hex').slice(0, 32)}`;
}
