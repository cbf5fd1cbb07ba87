import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { isPostgresUrl, openModelDb, openModelStore, syncReads, type StoreReads } from '@cnn-analyzer/model-db';
import { answerApi, BadRequest } from './api.js';
import { loadAssets, type Asset } from './assets.js';
import { hostAllowed } from './host-check.js';

export interface DashboardOptions {
  /** The model database to show: a SQLite file (opened read-only) or a PostgreSQL URL (`postgres://user@host:5432/db`). */
  readonly dbPath: string;
  /** Interface to bind. @default '127.0.0.1' (loopback only) */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 8417 */
  readonly port?: number;
  /** Create the SQLite file when it is missing (otherwise a missing file is an error). @default false */
  readonly create?: boolean;
}

/** A running dashboard. */
export interface DashboardServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Styles may be inline: Observable Plot writes a <style> element and style attributes into every figure it draws. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/** Reject what is never one of our paths: dot segments (raw or percent-encoded), backslashes, NULs, bad escapes. */
function unsafePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 'malformed percent-encoding';
  }
  if (/(^|\/)\.\.?(\/|$)/.test(decoded) || /(^|\/)\.\.?(\/|$)/.test(rawPath)) return 'dot segments are not allowed';
  if (decoded.includes('\\') || decoded.includes('\0')) return 'backslashes and NUL are not allowed';
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

const json = (res: ServerResponse, status: number, body: unknown, head: boolean): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), head);

/**
 * Serve the dashboard for a model database: its own assets at fixed paths and the JSON API, nothing else.
 * Binds to loopback unless told otherwise; answers only requests whose `Host` is the bound address (421
 * otherwise, against DNS rebinding); path traversal and malformed queries get 4xx answers; a failure answers 500
 * without the database's error text. A SQLite file is opened read-only; a PostgreSQL database is migrated to the
 * current schema first, as every command that opens it does.
 */
/** The database the dashboard reads, and how to close it. */
async function openReads(o: DashboardOptions): Promise<{ reads: StoreReads; close(): Promise<void> }> {
  if (isPostgresUrl(o.dbPath)) {
    const store = await openModelStore(o.dbPath);
    return { reads: store, close: () => store.close() };
  }
  const file = openModelDb(o.dbPath, { readonly: true, create: o.create ?? false });
  return { reads: syncReads(file), close: async () => void file.close() };
}

export async function startDashboard(o: DashboardOptions): Promise<DashboardServer> {
  const opened = await openReads(o);
  const db = opened.reads;
  const assets: ReadonlyMap<string, Asset> = loadAssets();
  let bound: AddressInfo | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    if (!bound || !hostAllowed(req.headers.host, bound.address, bound.port)) {
      return json(res, 421, { error: `host ${JSON.stringify(req.headers.host ?? '')} is not this dashboard's address` }, head);
    }
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: `method ${req.method} is not allowed` }, false);
    }
    const raw = req.url ?? '/';
    if (!raw.startsWith('/')) return json(res, 400, { error: 'request target must be a path' }, head);
    const q = raw.indexOf('?');
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const problem = unsafePath(rawPath);
    if (problem) return json(res, 400, { error: `path ${JSON.stringify(rawPath)}: ${problem}` }, head);
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    } catch {
      return json(res, 400, { error: 'malformed query' }, head);
    }
    const path = decodeURIComponent(rawPath);
    if (path.startsWith('/api/')) {
      try {
        const answer = await answerApi(db, path, params);
        return json(res, answer.status, answer.body, head);
      } catch (e) {
        if (e instanceof BadRequest) return json(res, 400, { error: e.message }, head);
        // never the database's own text (it tells an attacker about the schema); the operator's terminal gets it
        process.stderr.write(`dashboard: ${path} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return json(res, 500, { error: 'internal error (see the dashboard\'s terminal)' }, head);
      }
    }
    const asset = assets.get(path === '/' ? '/index.html' : path);
    if (!asset) return json(res, 404, { error: `not found: ${path}` }, head);
    if ([...params.keys()].length > 0) return json(res, 400, { error: 'assets take no query' }, head);
    return send(res, 200, asset.type, asset.body, head);
  };
  const server = createServer((req, res) => void handle(req, res));
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      void opened.close();
      reject(
        e.code === 'EADDRINUSE'
          ? new CnnAnalyzerError(`--port: ${o.port} is in use (choose another, or 0 for any free port)`, 'port', o.port)
          : new CnnAnalyzerError(`dashboard cannot listen on ${host}:${o.port ?? 8417}: ${e.message}`, 'host', host),
      );
    });
    server.listen(o.port ?? 8417, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  bound = address;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void opened.close().then(resolve, resolve));
      }),
  };
}
