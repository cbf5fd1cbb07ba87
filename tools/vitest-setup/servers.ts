/**
 * Real Redis and PostgreSQL servers for tests: each on a free loopback port in its own temporary folder, started
 * by the test file and stopped by it (also when the test process exits early). Absent binaries give `undefined`,
 * so a suite can skip with a message instead of failing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const PG_BIN = '/usr/lib/postgresql/15/bin';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1 (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Poll `probe` until it resolves true, every 100 ms, up to `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(probe()).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let data = '';
    sock.setTimeout(2000, () => (sock.destroy(), resolve(false)));
    sock.on('error', () => resolve(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      data += d.toString();
      if (data.includes('\r\n')) (sock.end(), resolve(data.startsWith('+PONG')));
    });
  });
}

function exited(c: ChildProcess): Promise<void> {
  return c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));
}

/** A running redis-server. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stop it (SIGKILL: nothing is saved), then start it again on the same port, empty. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Start redis-server on a free port without persistence, or undefined when it is not installed. */
export async function startRedis(): Promise<RedisServer | undefined> {
  if (!existsSync(REDIS_SERVER)) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    running.add(child);
    await waitFor(`redis-server on port ${port}`, () => redisPing(port));
  };
  const kill = async (): Promise<void> => {
    child.kill('SIGKILL');
    await exited(child);
    running.delete(child);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 1000) {
      await kill();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running PostgreSQL cluster. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  /** Make an empty database and return its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function userIds(user: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * initdb a cluster in a temporary folder owned by the `postgres` user (PostgreSQL refuses to run as root), start
 * it on a free loopback port with trust authentication and fsync off, or undefined when PostgreSQL 15 is absent.
 */
export async function startPostgres(): Promise<PostgresServer | undefined> {
  const ids = userIds('postgres');
  if (!existsSync(join(PG_BIN, 'postgres')) || !ids) return undefined;
  const { default: pg } = await import('pg');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pg-'));
  chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'], { ...ids, encoding: 'utf8', cwd: dir });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const child = spawn(join(PG_BIN, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'], { ...ids, cwd: dir, stdio: 'ignore' });
  running.add(child);
  const url = (database = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await waitFor(`postgres on port ${port}`, () => query('SELECT 1').then(() => true));
  return {
    url,
    async createDatabase(name) {
      await query(`CREATE DATABASE ${name}`);
      return url(name);
    },
    async stop() {
      child.kill('SIGINT'); // fast shutdown
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited(child);
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
