import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboard, type DashboardServer } from '@cnn-analyzer/dashboard';
import { listVariations, getVariation, openModelDb, type VariationRow } from '@cnn-analyzer/model-db';
import { runCaptured as cli } from '../run-captured.js';

// Debian's Chromium (`apt-get install chromium`, done by .ci/run); Playwright's own download does not work here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../../../test-results/dashboard/', import.meta.url));
const KB250 = 250 * 1024;
const REFERENCE = 'mobilenetv1_0.25_96_c3_o2';
/** The one variation with a training run: the best of its architecture, though others have more params. */
const TRAINED = 'mobilenetv1_0.1_96_c3_o2_l3';

const withinAll = (r: VariationRow): boolean => r.modelSizeBytes! <= KB250 && r.peakMemoryBytes! <= KB250 && r.macs <= 60e6;

describe('the dashboard in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const dbPath = join(dir, 'models.db');
  let rows: VariationRow[];
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`).toBe(true);
    const sweep = await cli('sweep', 'mobilenet-v1', '--alpha', '0.1,0.25,0.35', '--loop-length', '3..5', '--device', 'stm32f746g-disco', '--workers', '0', '--no-progress', '--db', dbPath);
    expect(sweep.code, sweep.err).toBe(0);
    expect((await cli('log-training', TRAINED, '--int8-accuracy', '80%', '--epochs', '20', '--db', dbPath)).code).toBe(0);
    const db = openModelDb(dbPath);
    rows = listVariations(db);
    db.close();
    mkdirSync(SHOTS, { recursive: true });
    server = await startDashboard({ dbPath, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => {
      throw e;
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every variation of the sweep in the comparison view, with the constraint lines and checks', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#app[data-ready=true] [data-view=comparison]');
    expect(rows).toHaveLength(9);
    expect(rows.filter(withinAll).length).toBeGreaterThan(0);
    expect(rows.filter(withinAll).length).toBeLessThan(9); // so the filter below has something to remove
    expect(await page.getAttribute('[data-count]', 'data-count')).toBe('9');
    expect(await page.textContent('[data-count]')).toContain(`${rows.filter(withinAll).length} within all constraints`);

    // size vs peak memory: one point per variation, green exactly when it meets every constraint,
    // on the correct side of the 250 KB flash line
    const points = await page.$$eval('svg[data-chart=size-vs-peak] circle.point', (cs) =>
      cs.map((c) => ({ name: c.getAttribute('data-name'), pass: c.classList.contains('pass'), cx: Number(c.getAttribute('cx')) })),
    );
    expect(points.map((p) => p.name).sort()).toEqual(rows.map((r) => r.name).sort());
    const flashX = Number(await page.getAttribute('svg[data-chart=size-vs-peak] line[data-limit="250 KB flash"]', 'x1'));
    for (const p of points) {
      const row = rows.find((r) => r.name === p.name)!;
      expect(p.pass, p.name!).toBe(withinAll(row));
      expect(p.cx <= flashX, p.name!).toBe(row.modelSizeBytes! <= KB250);
    }
    expect(await page.$('svg[data-chart=size-vs-peak] line[data-limit="250 KB RAM"]')).not.toBeNull();

    // model size over alpha: one line per loop length (3, 4, 5), each with a point per alpha, and the limit drawn
    const series = await page.$$eval('svg[data-chart=metric-vs-factor] g.series', (gs) => gs.map((g) => [g.getAttribute('data-series'), g.querySelectorAll('circle').length]));
    expect(series).toEqual([['loopLength = 3', 3], ['loopLength = 4', 3], ['loopLength = 5', 3]]);
    expect(await page.$('svg[data-chart=metric-vs-factor] line[data-limit="250 KB flash"]')).not.toBeNull();

    // best per architecture: the trained variation within all constraints outranks those with more params
    const mostParams = rows.filter(withinAll).sort((a, b) => b.params - a.params)[0]!;
    expect(mostParams.name).not.toBe(TRAINED);
    expect(withinAll(rows.find((r) => r.name === TRAINED)!)).toBe(true);
    const bestRow = await page.textContent('table.best tr[data-architecture="mobilenet-v1"]');
    expect(bestRow).toContain(TRAINED);
    expect(bestRow).toContain('80.0 %');
    await page.screenshot({ path: join(SHOTS, 'comparison.png'), fullPage: true });
  });

  it('filters to the variations within all constraints', async () => {
    await page.check('input[data-control=only]');
    await page.click('form.filters button[type=submit]');
    await page.locator(`[data-count="${rows.filter(withinAll).length}"]`).waitFor();
    const names = await page.$$eval('table.variations tbody tr', (trs) => trs.map((t) => t.getAttribute('data-name')));
    expect(names.sort()).toEqual(rows.filter(withinAll).map((r) => r.name).sort());
    await page.uncheck('input[data-control=only]');
    await page.click('form.filters button[type=submit]');
    await page.locator('[data-count="9"]').waitFor();
  });

  it('shows the estimated latency on the chosen board and plots it over a factor', async () => {
    await page.selectOption('select[data-control=device]', 'stm32f746g-disco');
    await page.click('form.filters button[type=submit]');
    const cell = page.locator(`table.variations tr[data-name="${REFERENCE}"] td[data-latency]`);
    await cell.waitFor();
    // MISSION.md: 66.36 ms on the STM32F746G-Disco with X-CUBE-AI; the per-node model comes within 3 %
    expect(Math.abs(Number(await cell.getAttribute('data-latency')) - 66.36) / 66.36).toBeLessThan(0.03);
    await page.selectOption('select[data-control=y]', 'latencyMs');
    await page.locator('svg[data-chart=metric-vs-factor][aria-label^="Latency on stm32f746g-disco"]').waitFor();
    await page.selectOption('select[data-control=device]', '');
    await page.click('form.filters button[type=submit]');
    // first(): the old table may still have its 9 cells when the wait starts (a multi-element locator is a strict-mode error)
    await page.locator('table.variations td[data-latency]').first().waitFor({ state: 'detached' });
  });

  it('goes from the comparison view to a scorecard whose numbers, checks, charts and table match the database', async () => {
    await page.click(`svg[data-chart=size-vs-peak] circle[data-name="${REFERENCE}"]`);
    await page.waitForSelector(`#app[data-ready=true] [data-view=scorecard][data-name="${REFERENCE}"]`);
    const db = openModelDb(dbPath);
    const detail = getVariation(db, REFERENCE)!;
    db.close();
    const layers = detail.layers;

    expect(await page.textContent('h2')).toBe(REFERENCE);
    // MISSION.md's numbers for the reference model
    expect(await page.textContent('tr[data-metric="Params"] td.num')).toBe('221,794');
    expect(await page.textContent('tr[data-metric="MACs"] td.num')).toBe('7,489,664');
    expect(await page.textContent('tr[data-metric="Peak memory"] td.num')).toBe('55,296 B (54.0 KB)');
    expect(await page.textContent('[data-check=ram]')).toBe('✓');
    expect(await page.textContent('[data-check=macs]')).toBe('✓');
    expect(await page.textContent('[data-check=flash]')).toBe(detail.row.modelSizeBytes! <= KB250 ? '✓' : '✗');
    expect(await page.textContent('tr[data-metric="latency stm32f746g-disco"] td.num')).toMatch(/^\d+\.\d\d ms$/);

    // one bar per layer in the MACs and latency charts; the tallest MACs bar is the layer with most MACs
    const macBars = await page.$$eval('svg[data-chart=macs] rect.bar', (rs) => rs.map((r) => ({ layer: r.getAttribute('data-layer'), value: Number(r.getAttribute('data-value')), height: Number(r.getAttribute('height')) })));
    expect(macBars.map((b) => b.layer)).toEqual(layers.map((l) => l.name));
    const heaviest = layers.reduce((a, b) => (b.macs > a.macs ? b : a));
    expect(macBars.reduce((a, b) => (b.height > a.height ? b : a)).layer).toBe(heaviest.name);
    const latency = await page.$$eval('svg[data-chart=latency] rect.bar', (rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
    expect(latency.reduce((s, v) => s + v, 0)).toBeCloseTo(detail.deviceFits[0]!.latencyMs, 6);
    // RAM bars only for layers that run as an operator (BatchNorm/ReLU are fused away)
    expect(await page.$$eval('svg[data-chart=ram] rect.bar', (rs) => rs.length)).toBe(layers.filter((l) => l.ramBytes !== null).length);
    for (const key of ['input-height', 'output-channels', 'params']) expect(await page.$(`svg[data-chart=${key}]`)).not.toBeNull();

    expect(await page.$$eval('table.layers tbody tr', (trs) => trs.length)).toBe(85);
    expect(await page.$('[data-training=none]')).not.toBeNull();
    await page.screenshot({ path: join(SHOTS, 'scorecard.png'), fullPage: true });

    await page.click('a.back');
    await page.waitForSelector('#app[data-ready=true] [data-view=comparison]');
  });

  it('`report <name> --out` writes one self-contained scorecard that opens offline', async () => {
    const out = join(dir, 'scorecard.html');
    const r = await cli('report', REFERENCE, '--out', out, '--db', dbPath);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    // nothing external: no script or stylesheet links, no URL but the SVG namespace
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const requests: string[] = [];
    const offline = await browser.newPage();
    offline.on('request', (q) => void requests.push(q.url()));
    await offline.goto(pathToFileURL(out).href);
    await offline.waitForSelector(`#app[data-ready=true] [data-view=scorecard][data-name="${REFERENCE}"]`);
    expect(await offline.textContent('tr[data-metric="Params"] td.num')).toBe('221,794');
    expect(await offline.$$eval('svg[data-chart=macs] rect.bar', (rs) => rs.length)).toBe(85);
    expect(requests).toEqual([pathToFileURL(out).href]);
    await offline.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await offline.close();

    expect((await cli('report', 'mobilenetv1_9_96_c3_o2', '--out', out, '--db', dbPath)).err).toMatch(/"mobilenetv1_9_96_c3_o2" is not in the database/);
    expect((await cli('report', REFERENCE, '--out', join(dir, 'x.txt'), '--db', dbPath)).err).toMatch(/--out: .* must end in \.html/);
  });
});
