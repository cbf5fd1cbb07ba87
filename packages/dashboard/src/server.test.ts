import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDb, recordAnalysis } from '@cnn-analyzer/model-db';
import { startDashboard, type DashboardServer } from './server.js';

/** A raw GET (no URL normalization, unlike fetch) returning status, headers and body. */
function raw(server: DashboardServer, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; type: string; csp: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => void (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), csp: String(res.headers['content-security-policy']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  let server: DashboardServer;
  beforeAll(async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dash-')), 'models.db');
    const db = openModelDb(dbPath);
    recordAnalysis(db, {
      name: 'mobilenetv1_0.25_96_c3_o2',
      architecture: 'mobilenet-v1',
      factors: { alpha: 0.25 },
      layers: [{ name: 'conv1', op: 'conv2d', inputShape: [96, 96, 3], outputShape: [48, 48, 8], outputChannels: 8, params: 216, macs: 497_664, flops: 995_328, activationBytes: 18_432, ramBytes: 46_080 }],
      totals: { params: 221_794, macs: 7_489_664, flops: 15_000_000, modelSizeBytes: 296_544, peakMemoryBytes: 55_296, arenaBytes: 73_728 },
    });
    db.close();
    server = await startDashboard({ dbPath, port: 0 });
  });
  afterAll(() => server.close());

  it('binds to loopback by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves its own page and assets with a strict content security policy', async () => {
    const page = await raw(server, '/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('<script src="/app.js">');
    expect(page.csp).toContain("default-src 'none'");
    expect((await raw(server, '/charts.js')).status).toBe(404); // no hand-written chart code any more
    for (const lib of ['/vendor/d3.min.js', '/vendor/plot.umd.min.js', '/vendor/htm-preact.umd.js']) {
      const r = await raw(server, lib);
      expect(r.type, lib).toMatch(/^text\/javascript/);
      expect(r.body.length, lib).toBeGreaterThan(10_000);
    }
    expect((await raw(server, '/vendor/plot.umd.min.js')).body).toMatch(/^\/\/ @observablehq\/plot v0\.6/);
    expect(page.csp).toContain("script-src 'self';");
    expect((await raw(server, '/package.json')).status).toBe(404);
    expect((await raw(server, '/src/server.ts')).status).toBe(404);
  });

  it('answers the API from the database', async () => {
    const list = await raw(server, '/api/variations?maxFlash=300000&sort=macs&desc=1');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toMatchObject([{ name: 'mobilenetv1_0.25_96_c3_o2', params: 221_794, peakMemoryBytes: 55_296 }]);
    expect(JSON.parse((await raw(server, '/api/variations?maxFlash=256000')).body)).toEqual([]);
    const one = JSON.parse((await raw(server, '/api/variations/mobilenetv1_0.25_96_c3_o2')).body);
    expect(one.layers[0]).toMatchObject({ name: 'conv1', ramBytes: 46_080 });
    expect(JSON.parse((await raw(server, '/api/architectures')).body)).toEqual([{ architecture: 'mobilenet-v1', count: 1, factors: ['alpha'] }]);
    expect((await raw(server, '/api/variations/mobilenetv1_9_96_c3_o2')).status).toBe(404);
    expect(JSON.parse((await raw(server, '/api/devices')).body)).toEqual([]);
    // a record without deployed operators: one row per layer that runs, nothing else recorded
    expect(one.deployed['']).toMatchObject([{ name: 'conv1', params: 216, ramBytes: 46_080 }]);
    expect(one).toMatchObject({ extras: [], hostBenchmarks: [], curves: {} });
    expect(JSON.parse((await raw(server, '/api/searches')).body)).toEqual([]);
    expect((await raw(server, '/api/searches/nope')).status).toBe(404);
    expect((await raw(server, '/api/searches/a%20b')).status).toBe(400);
  });

  it('checks every row against the budgets on the server (the browser only renders the checks)', async () => {
    // the study's budgets by default: 296,544 B > 250 KB fails, 55,296 B and 7.5 M MACs pass
    const [row] = JSON.parse((await raw(server, '/api/variations')).body);
    expect(row.checks.map((c: { check: string; pass: boolean }) => [c.check, c.pass])).toEqual([['flash budget', false], ['RAM budget', true], ['MAC budget', true]]);
    expect(row.checks[0]).toMatchObject({ used: 296_544, limit: 256_000, margin: -40_544 });
    // the request's budgets: 300,000 B of flash, 50,000 B of RAM
    const one = JSON.parse((await raw(server, '/api/variations/mobilenetv1_0.25_96_c3_o2?flash=300000&ram=50000&macs=60000000')).body);
    expect(one.row.checks.map((c: { pass: boolean }) => c.pass)).toEqual([true, false, true]);
    expect((await raw(server, '/api/variations?flash=lots')).status).toBe(400);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2Fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/api/variations/..%2F..%2Fetc',
    '/..\\package.json',
    '/%5c..%5cpackage.json',
    '/app.js%00',
    '/%zz',
  ])('rejects path traversal and malformed paths with 400: %s', async (path) => {
    const r = await raw(server, path);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(/path|malformed/);
  });

  it.each([
    ['/api/variations?maxFlash=abc', /maxFlash: "abc" is not a whole number/],
    ['/api/variations?maxRam=-1', /maxRam: "-1"/],
    ['/api/variations?sort=speed', /sort: "speed" is not one of/],
    ['/api/variations?sort=latencyMs', /sort: latencyMs needs device/],
    ['/api/variations?device=..%2Fx', /path|device/],
    ['/api/variations?desc=yes', /desc: "yes"/],
    ['/api/variations?bogus=1', /bogus: unknown query parameter/],
    ['/api/variations?sort=macs&sort=params', /sort: given more than once/],
    ['/api/variations?architecture=%3Cscript%3E', /architecture: "<script>" is not an architecture id/],
    ['/api/variations/a%01b', /name: "a\\u0001b" is not a recorded name/],
    ['/app.js?x=1', /assets take no query/],
  ])('rejects malformed queries with 400 naming the parameter: %s', async (path, message) => {
    const r = await raw(server, path);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(message);
  });

  it('allows only GET and HEAD', async () => {
    expect((await raw(server, '/api/variations', 'POST')).status).toBe(405);
    expect((await raw(server, '/', 'DELETE')).status).toBe(405);
    const head = await raw(server, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('names a port in use', async () => {
    await expect(startDashboard({ dbPath: join(mkdtempSync(join(tmpdir(), 'dash-')), 'x.db'), create: true, port: server.port })).rejects.toThrow(`--port: ${server.port} is in use`);
  });

  it('answers only requests addressed to its own address (no DNS rebinding)', async () => {
    const port = server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) expect((await raw(server, '/api/devices', 'GET', { host })).status, host).toBe(200);
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost', `192.168.1.1:${port}`]) {
      const r = await raw(server, '/api/variations', 'GET', { host });
      expect(r.status, host).toBe(421);
      expect(r.body).not.toContain('mobilenetv1');
    }
  });

  it('opens the scorecard of an imported file whose name has spaces, brackets and @', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dash-')), 'imported.db');
    const db = openModelDb(dbPath);
    const name = 'my model (v2) [final].tflite@0123456789ab';
    recordAnalysis(db, { name, architecture: 'tflite', factors: { file: '/x/my model (v2) [final].tflite' }, layers: [], totals: { params: 1, macs: 2, flops: 4 } });
    db.close();
    const s = await startDashboard({ dbPath, port: 0 });
    try {
      const r = await raw(s, `/api/variations/${encodeURIComponent(name)}`);
      expect(r.status, r.body).toBe(200);
      expect(JSON.parse(r.body).row).toMatchObject({ name, architecture: 'tflite', macs: 2 });
    } finally {
      await s.close();
    }
  });

  it('answers a database failure with 500 and none of the database\'s text', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dash-')), 'broken.db');
    const db = openModelDb(dbPath);
    db.exec('DROP TABLE metrics'); // every list query now fails inside SQLite with "no such table: metrics"
    db.close();
    const s = await startDashboard({ dbPath, port: 0 });
    try {
      const r = await raw(s, '/api/variations');
      expect(r.status).toBe(500);
      expect(r.body).not.toMatch(/metrics|SQL|sqlite|table/i);
      for (const sort of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const bad = await raw(s, `/api/variations?sort=${sort}`);
        expect(bad.status, sort).toBe(400);
        expect(JSON.parse(bad.body).error).toContain(`sort: "${sort}" is not one of`);
      }
    } finally {
      await s.close();
    }
  });
});
