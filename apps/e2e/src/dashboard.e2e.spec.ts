// Covers the dashboard in a real headless Chromium against the running pipeline: charts drawn with data,
// live updates without reload, branch and resolution switching; saves a screenshot as a test artifact.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { startService, waitForHttp, workspaceRoot, type Service } from './support/services';

const CHARTS = ['chart-age-grades', 'chart-payment-methods', 'chart-coffee-types'] as const;
const artifacts = join(workspaceRoot, 'test-artifacts');

async function chartTotals(page: Page): Promise<number[]> {
  return Promise.all(CHARTS.map(async (id) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-total'))));
}

describe('dashboard in a real browser', () => {
  let redisServer: RedisServer;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let url: string;
  const services: Service[] = [];

  beforeAll(async () => {
    redisServer = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'coffee-ui-'));
    const ordersFile = join(dir, 'orders.txt');
    const gatewayPort = await freePort();
    url = `http://127.0.0.1:${gatewayPort}`;
    const env = { REDIS_URL: redisServer.url, KEY_PREFIX: 'ui:' };
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(await freePort()) }));
    services.push(startService('collector', { ...env, COLLECTOR_PORT: String(await freePort()), ORDERS_FILES: ordersFile }));
    services.push(startService('api-gateway', { ...env, GATEWAY_PORT: String(gatewayPort) }));
    services.push(startService('generator', {}, ['--rate', '20', '--timestamps', '--seed', '3', '--out', ordersFile]));
    await waitForHttp(`${url}/api/health`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const service of services.reverse()) {
      await service.stop();
    }
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws all three charts with data', async () => {
    await page.goto(url);
    // Each time chart draws its windows (stacked bars or areas) over recharts' axes.
    for (const id of CHARTS) {
      await page.waitForSelector(`[data-testid=${id}][data-state=ready] svg :is(.stacked-bars__segment, .stacked-areas__area path)`, { timeout: 30_000 });
    }
    await page.waitForFunction((ids) => ids.every((id) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-total')) > 0), CHARTS, { timeout: 30_000 });
    expect(Math.min(...(await chartTotals(page)))).toBeGreaterThan(0);
    await expect(page.locator('[data-testid=connection-status]').getAttribute('data-status')).resolves.toBe('live');
  });

  it('updates live within 5 s without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { __noReload: true }));
    const before = await chartTotals(page);
    await page.waitForFunction(
      ([ids, totals]) => ids.some((id, i) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-total')) !== totals[i]),
      [CHARTS, before] as const,
      { timeout: 5_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    const after = await chartTotals(page);
    expect(after).not.toEqual(before);
  });

  it('switching branch and resolution changes the charts', async () => {
    const allBranches = await chartTotals(page);
    await page.selectOption('[data-testid=branch-select]', 'jeongja');
    await page.waitForFunction(
      (total) => {
        const value = Number(document.querySelector('[data-testid=chart-age-grades][data-state=ready]')?.getAttribute('data-total'));
        return value > 0 && value < total;
      },
      allBranches[0],
      { timeout: 15_000 },
    );
    const jeongjaCaption = await page.textContent('[data-testid=chart-age-grades-caption]');
    const ticks = (): Promise<string[]> => page.$$eval('[data-testid=chart-age-grades] .recharts-cartesian-axis-tick-value', (els) => els.map((el) => el.textContent ?? ''));
    const ticksAt30s = await ticks();
    await page.selectOption('[data-testid=resolution-select]', '1m');
    // The time axis now spans a longer range at 1-minute steps: its labels change.
    await page.waitForFunction(
      (before) => {
        const now = [...document.querySelectorAll('[data-testid=chart-age-grades][data-state=ready] .recharts-cartesian-axis-tick-value')].map((el) => el.textContent ?? '');
        return now.length > 0 && JSON.stringify(now) !== JSON.stringify(before);
      },
      ticksAt30s,
      { timeout: 15_000 },
    );
    expect(await ticks()).not.toEqual(ticksAt30s);
    expect(await page.inputValue('[data-testid=resolution-select]')).toBe('1m');
    expect(await page.inputValue('[data-testid=branch-select]')).toBe('jeongja');
    expect(jeongjaCaption).toMatch(/orders in range/);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
  });
});
