import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { runCaptured as cli } from '../run-captured.js';

// Debian's Chromium (`apt-get install chromium`, done by .ci/run); Playwright's own download does not work here.
// The dashboard's views and figures are tested in packages/dashboard/src; this file tests the CLI's commands.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REFERENCE = 'mobilenetv1_0.25_96_c3_o2';

describe('`cnn-analyzer report`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const dbPath = join(dir, 'models.db');
  let browser: Browser;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`).toBe(true);
    const r = await cli('analyze', REFERENCE, '--device', 'stm32f746g-disco', '--db', dbPath);
    expect(r.code, r.err).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('writes one self-contained scorecard that opens offline', async () => {
    const out = join(dir, 'scorecard.html');
    const r = await cli('report', REFERENCE, '--out', out, '--db', dbPath);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    // nothing external: no script or stylesheet links
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const requests: string[] = [];
    const page = await browser.newPage();
    page.on('request', (q) => void requests.push(q.url()));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector(`#app[data-ready=true] [data-view=scorecard][data-name="${REFERENCE}"]`);
    // MISSION.md's figures for the reference model; 31 deployed layers (27 convolutions, pool, reshape, dense, softmax)
    expect(await page.textContent('tr[data-metric="Params"] td.num')).toBe('221,794');
    expect(await page.$$eval('table.layers tbody tr', (trs) => trs.length)).toBe(31);
    expect(await page.$$eval('[data-chart="params"] g[aria-description="bars"] > rect', (rs) => rs.length)).toBe(31);
    expect(requests).toEqual([pathToFileURL(out).href]);
    await page.close();
  });

  it('names a missing variation and a wrong file extension', async () => {
    const out = join(dir, 'scorecard.html');
    expect((await cli('report', 'mobilenetv1_9_96_c3_o2', '--out', out, '--db', dbPath)).err).toMatch(/"mobilenetv1_9_96_c3_o2" is not in the database/);
    expect((await cli('report', REFERENCE, '--out', join(dir, 'x.txt'), '--db', dbPath)).err).toMatch(/--out: .* must end in \.html/);
  });
});
