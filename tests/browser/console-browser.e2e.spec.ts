/**
 * The console page in real headless Chromium (Debian's, installed by
 * infra/install-chromium.sh; driven by playwright-core): a report sent to the
 * ingest API appears on an open page, acknowledging it on one page updates a
 * second, and the map and a chart render. Screenshots go to tests/.results/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { keys, massacreReport, startPipeline } from './console-pipeline.ts';

const chromiumPath = process.env['VIGIA_CHROMIUM'] ?? '/usr/bin/chromium';
const results = new URL('../.results/', import.meta.url).pathname;
// The flags this machine needs: no sandbox as root, and no background connections (the network is closed).
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript((key) => localStorage.setItem('vigia.console.key', key), keys.operator);
  page.on('dialog', (dialog) => void dialog.accept(dialog.type() === 'prompt' ? 'patrol sent' : undefined));
  await page.goto(url);
  await page.locator('#live.on').waitFor({ timeout: 15_000 });
  return page;
}

describe('console page in headless Chromium', () => {
  it('shows an ingested report’s alert live, shares an acknowledgement between pages, and renders the map and a chart', async () => {
    if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: run bash infra/install-chromium.sh (or set VIGIA_CHROMIUM)`);
    await mkdir(results, { recursive: true });
    const { ingestUrl, consoleUrl } = await startPipeline();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    onTestFinished(() => browser.close());
    const [first, second] = [await openPage(browser, consoleUrl), await openPage(browser, consoleUrl)];

    const sentAt = performance.now();
    const answer = await fetch(`${ingestUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.publisher}`, 'content-type': 'application/json' },
      body: JSON.stringify(massacreReport('ccffaa-2024-0510', 8)),
    });
    expect(answer.status).toBe(200);
    const alertOnFirst = first.locator('li.alert.critical', { hasText: '8 killed in one mass-killing' });
    await alertOnFirst.waitFor({ timeout: 20_000 });
    const appearedMs = performance.now() - sentAt;
    // Printed, not asserted: how fast is a benchmark's question (a loaded CI machine is slower); the
    // waitFor above bounds a stall.
    process.stdout.write(`console browser test: report → alert on the page in ${appearedMs.toFixed(0)} ms\n`);
    // Evidence down to the event: the report itself, as the normalizer recorded it.
    await alertOnFirst.locator('details > summary').click();
    await alertOnFirst.locator('li.event', { hasText: 'ccffaa-2024-0510 — 2024-05-10 incident (mass-killing)' }).waitFor({ timeout: 10_000 });
    expect(await alertOnFirst.locator('li.event').textContent()).toContain('8 killed');
    await first.screenshot({ path: `${results}console-alert-live.png`, fullPage: true });

    const alertOnSecond = second.locator('li.alert.critical', { hasText: '8 killed in one mass-killing' });
    await alertOnSecond.waitFor({ timeout: 10_000 });
    await alertOnFirst.locator('button.do-ack').click();
    await second.locator('li.alert[data-acknowledged="yes"]', { hasText: 'acknowledged by operador.lima: patrol sent' }).waitFor({ timeout: 10_000 });
    await second.screenshot({ path: `${results}console-acknowledged-second-page.png`, fullPage: true });

    await first.goto(`${consoleUrl}/#/map`);
    await first.locator('#map[data-rendered]').waitFor({ timeout: 10_000 });
    await expect.poll(() => first.locator('#map').getAttribute('data-rendered'), { timeout: 15_000 }).not.toBe('0');
    expect(await first.locator('#map canvas').count()).toBeGreaterThan(0);
    await first.screenshot({ path: `${results}console-map.png` });
    // The zones: Llochegua lies in the VRAEM, so the zone map shades it too.
    await first.locator('#map-level').selectOption('zones');
    // Read in the page (a string: this file is type-checked without the DOM library).
    const zoneSeries =
      "(() => { const series = echarts.getInstanceByDom(document.getElementById('map')).getOption().series[0]; return { map: series.map, regions: series.data.map((d) => d.name) }; })()";
    await expect
      .poll(() => first.evaluate(zoneSeries), { timeout: 15_000 })
      .toMatchObject({ map: 'peru-zones', regions: expect.arrayContaining(['zone:vraem']) });
    await first.screenshot({ path: `${results}console-map-zones.png` });

    await first.goto(`${consoleUrl}/#/region/05`);
    await expect.poll(() => first.locator('#chart').getAttribute('data-points'), { timeout: 15_000 }).toBe('1');
    expect(await first.locator('#chart canvas').count()).toBeGreaterThan(0);
    await first.screenshot({ path: `${results}console-region-chart.png`, fullPage: true });
  }, 120_000);
});
