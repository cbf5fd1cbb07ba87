import { QueueError } from './queue-error.js';

/** Where Redis is, as ioredis takes it. */
export interface RedisLocation {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  /** Redis database number. @default 0 */
  readonly db: number;
  readonly tls?: Record<string, never>;
}

/** Parse `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); the flag is named in errors. */
export function parseQueueUrl(raw: string, flag = 'queue'): RedisLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new QueueError(`--${flag}: ${JSON.stringify(raw)} is not a URL (expected redis://host:port)`, flag, raw);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new QueueError(`--${flag}: ${JSON.stringify(raw)} is not a redis:// URL`, flag, raw);
  if (!url.hostname) throw new QueueError(`--${flag}: ${JSON.stringify(raw)} has no host`, flag, raw);
  const port = url.port ? Number(url.port) : 6379;
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw new QueueError(`--${flag}: database ${JSON.stringify(path)} of ${JSON.stringify(raw)} is not a number`, flag, raw);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: path === '' ? 0 : Number(path),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The URL without its password, for messages. */
export function redactQueueUrl(raw: string): string {
  return raw.replace(/^(rediss?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
