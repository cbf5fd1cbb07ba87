/**
 * Migration 8 (issue #18): results of queued jobs, keyed by job id, so a job run twice (a worker killed after
 * recording, before the queue heard it finished) records once. Idempotent, so it applies at any position.
 */
export const QUEUE_MIGRATION = `CREATE TABLE IF NOT EXISTS job_results (
     job_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     result TEXT NOT NULL,
     finished_at TEXT NOT NULL
   );`;
