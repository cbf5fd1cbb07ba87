import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured as cli } from '../run-captured.js';

// Debian's Chromium (`apt-get install chromium`, done by .ci/run); Playwright's own download does not work here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../../../test-results/web-app/', import.meta.url));
/** The study's optimized MobileNet v1 (α 0.7, penultimate 64, last 32, β 0.3), as typed and as named (l5 is the default). */
const OPTIMIZED = 'mobilenetv1_0.7_96_c3_o2_l5ll32pl64b0.3';
const OPTIMIZED_CANONICAL = 'mobilenetv1_0.7_96_c3_o2_ll32pl64b0.3';
const VWW_FILE = 'mlperf_tiny_vww_96_int8.tflite';

/** What `cnn-analyzer analyze … --json --no-db` prints. */
async function cliJson(...args: string[]): Promise<string> {
  const r = await cli('analyze', ...args, '--json', '--no-db');
  expect(r.code, r.err).toBe(0);
  return r.out;
}

describe('the offline web app (cnn-analyzer web) in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-app-'));
  let browser: Browser;
  let page: Page;
  /** Every request the page made: only its own file may be among them. */
  const requests: string[] = [];
  let appUrl: string;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`).toBe(true);
    const written = await cli('web', '--out', dir, '--json');
    expect(written.code, written.err).toBe(0);
    expect(JSON.parse(written.out).files).toEqual([join(dir, 'index.html')]);
    appUrl = pathToFileURL(join(dir, 'index.html')).href;
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (r) => void requests.push(r.url()));
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(appUrl);
    await page.waitForSelector('#app[data-ready=true] .scorecard');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The JSON the page shows once its scorecard is for `name` (or, for a file, a name starting with `prefix`). */
  async function pageJson(name: string, match: 'exact' | 'prefix' = 'exact'): Promise<string> {
    await page.waitForSelector(`#app[data-ready=true] .scorecard[data-name${match === 'exact' ? '' : '^'}=${JSON.stringify(name)}]`);
    return (await page.textContent('pre[data-json]'))!;
  }

  it('refuses an --out that is a file, with the flag and the path', async () => {
    const taken = join(dir, 'taken');
    writeFileSync(taken, '');
    const r = await cli('web', '--out', taken);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: --out: ${JSON.stringify(taken)} exists and is not a folder\n`);
  });

  it('writes one HTML file whose policy forbids any connection, external script or font', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toContain("font-src 'none'");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('opens on the reference model with the same JSON as analyze --json', async () => {
    expect(await pageJson('mobilenetv1_0.25_96_c3_o2')).toBe(await cliJson('mobilenetv1_0.25_96_c3_o2'));
    // the study's reference figures, as the page shows them
    expect(await page.textContent('[data-total=Params] .value')).toBe('221,794');
    expect(await page.textContent('[data-total=MACs] .value')).toBe('7,489,664');
    expect(await page.textContent('[data-total="Peak memory"] .value')).toBe('54.0 KB');
    await page.screenshot({ path: join(SHOTS, 'reference.png'), fullPage: true });
  });

  it('analyzes a typed compound name, without and with a board, as the CLI does', async () => {
    await page.fill('#name', OPTIMIZED);
    await page.click('[data-input=name] button[type=submit]');
    expect(await pageJson(OPTIMIZED_CANONICAL)).toBe(await cliJson(OPTIMIZED));
    expect(await page.inputValue('#name')).toBe(OPTIMIZED_CANONICAL);

    await page.selectOption('#device', 'stm32f746g-disco');
    await page.waitForSelector('.fit');
    expect(await pageJson(OPTIMIZED_CANONICAL)).toBe(await cliJson(OPTIMIZED, '--device', 'stm32f746g-disco'));
    expect(await page.$$eval('[data-chart=latencyMs] svg rect', (r) => r.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'compound-name-stm32f746g-disco.png'), fullPage: true });

    await page.selectOption('#runtime', 'tflm-cmsis-nn');
    await page.waitForSelector('.scorecard header .sub >> text=tflm-cmsis-nn');
    expect(await pageJson(OPTIMIZED_CANONICAL)).toBe(await cliJson(OPTIMIZED, '--device', 'stm32f746g-disco', '--runtime', 'tflm-cmsis-nn'));
    await page.selectOption('#device', '');
  });

  it('analyzes an architecture picked with its factors, named canonically', async () => {
    await page.selectOption('#architecture', 'shufflenet-v1');
    await page.fill('[data-factor=alpha]', '1');
    await page.selectOption('[data-factor=groups]', '2');
    await page.click('[data-input=factors] button[type=submit]');
    const json = await pageJson('shufflenetv1_1_96_c3_o2_g2');
    expect(json).toBe(await cliJson('shufflenet-v1', '--alpha', '1', '--groups', '2'));
    expect(await page.inputValue('#name')).toBe('shufflenetv1_1_96_c3_o2_g2');
  });

  it('shows a factor outside its range as the plugin\'s error, and keeps the last scorecard', async () => {
    await page.selectOption('#architecture', 'mobilenet-v1');
    await page.fill('[data-factor=loopLength]', '9');
    await page.click('[data-input=factors] button[type=submit]');
    const message = await page.textContent('[data-error]');
    const cliError = await cli('analyze', 'mobilenet-v1', '--loop-length', '9', '--json', '--no-db');
    expect(cliError.code).toBe(2);
    expect(`error: ${message}\n`).toBe(cliError.err);
    expect(await page.getAttribute('.scorecard', 'data-name')).toBe('shufflenetv1_1_96_c3_o2_g2');
  });

  it('analyzes a dropped .tflite file (the MLPerf Tiny VWW int8 model) as the CLI does, naming the file as it does', async () => {
    const file = join(referenceModelsDir(), VWW_FILE);
    const bytes = readFileSync(file);
    const dropped = await page.evaluateHandle(
      ({ b64, name }) => {
        // runs in the page (the test's types have no DOM library)
        const w = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: unknown[], name: string) => unknown; atob(s: string): string };
        const data = Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0));
        const dt = new w.DataTransfer();
        dt.items.add(new w.File([data], name));
        return dt;
      },
      { b64: bytes.toString('base64'), name: VWW_FILE },
    );
    await page.dispatchEvent('[data-input=tflite]', 'drop', { dataTransfer: dropped });
    const json = await pageJson(`${VWW_FILE}@`, 'prefix');
    expect(JSON.parse(json).name).toMatch(new RegExp(`^${VWW_FILE.replace(/\./g, '\\.')}@[0-9a-f]{12}$`));
    // the page cannot see the file's folder: its `factors.file` is the file name where the CLI writes the full path
    const fromCli = (await cliJson(file)).replace(JSON.stringify(file), JSON.stringify(VWW_FILE));
    expect(json).toBe(fromCli);
    expect(JSON.parse(json).factors).toEqual({ file: VWW_FILE, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await page.screenshot({ path: join(SHOTS, 'dropped-vww-int8.png'), fullPage: true });

    await page.selectOption('#device', 'stm32f746g-disco');
    await page.waitForSelector('.fit');
    expect(await pageJson(`${VWW_FILE}@`, 'prefix')).toBe((await cliJson(file, '--device', 'stm32f746g-disco')).replace(JSON.stringify(file), JSON.stringify(VWW_FILE)));
    await page.selectOption('#device', '');
  });

  it('reads a .tflite exported by the CLI (the reference model), picked with the file input', async () => {
    const out = join(dir, 'export');
    const exported = await cli('export', 'mobilenetv1_0.25_96_c3_o2', '--out', out, '--no-db');
    expect(exported.code, exported.err).toBe(0);
    const file = join(out, 'mobilenetv1_0.25_96_c3_o2.tflite');
    await page.setInputFiles('#file', file);
    const json = await pageJson('mobilenetv1_0.25_96_c3_o2.tflite@', 'prefix');
    expect(json).toBe((await cliJson(file)).replace(JSON.stringify(file), JSON.stringify('mobilenetv1_0.25_96_c3_o2.tflite')));
  }, 120_000);

  it('shows a file that is not a model as the reader\'s error, as the CLI does', async () => {
    const junk = Buffer.from('this is not a TensorFlow Lite flatbuffer, only text that says so.');
    const file = join(dir, 'junk.tflite');
    writeFileSync(file, junk);
    await page.setInputFiles('#file', { name: 'junk.tflite', mimeType: 'application/octet-stream', buffer: junk });
    await page.waitForSelector('[data-error]');
    const fromCli = await cli('analyze', file, '--no-db');
    expect(fromCli.code).toBe(2);
    expect(`error: ${await page.textContent('[data-error]')}\n`).toBe(fromCli.err);
  });

  it('cannot reach a server even when its script tries (connect-src \'none\')', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const other = await browser.newPage();
    try {
      await other.goto(appUrl);
      await other.waitForSelector('#app[data-ready=true] .scorecard');
      const outcome = await other.evaluate(async (url) => {
        try {
          await fetch(url);
          return 'fetched';
        } catch {
          return 'blocked';
        }
      }, `http://127.0.0.1:${port}/probe`);
      expect(outcome).toBe('blocked');
      expect(hits).toBe(0);
    } finally {
      await other.close();
      await new Promise((done) => server.close(done));
    }
  });

  it('offers the JSON for download, and made no network request at all', async () => {
    const href = (await page.getAttribute('[data-action=download-json]', 'href'))!;
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(await page.textContent('pre[data-json]'));
    expect(requests).toEqual([appUrl]);
    writeFileSync(join(SHOTS, 'requests.json'), JSON.stringify(requests, null, 2));
  });
});
