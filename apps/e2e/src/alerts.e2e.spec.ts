// Covers the dashboard's alerts in a real headless Chromium against the built gateway over seeded recent history: an alert already in the
// stream is listed and marked on the time charts, one written while the page is open appears live with a notification AND as a marker on
// the charts at its window, and resolves live; the chart tooltip shows the hovered window's top coffees from GET /api/top;
// saves a screenshot as a test artifact.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateBatch, Windowing, type CountableOrder } from '@coffee/aggregation';
import { createRedis, RedisKeys } from '@coffee/redis-io';
import { StatsStore } from '@coffee/stats-store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import { startService, waitForHttp, workspaceRoot, type Service } from './support/services';

jest.setTimeout(120_000);

const PREFIX = 'ui-alerts:';
const STREAM = `${PREFIX}coffee:{alerts}`;
const CHANNEL = `${PREFIX}coffee:{alerts}:live`;
const WINDOW_MS = 30_000;
const windowing = new Windowing();
/** Start of the window 8 windows back from now: inside the dashboard's default view (the newest windows at 30 s). */
const NOW_WINDOW = windowing.windowAt(Date.now()).start;
const SILENT_AT = NOW_WINDOW - 8 * WINDOW_MS;
const SPIKE_AT = NOW_WINDOW - 4 * WINDOW_MS;
const COFFEES = ['Americano', 'Caffe Latte', 'Espresso'];

function event(rule: string, branch: string, at: number, state: 'open' | 'resolved'): string {
  return JSON.stringify({ id: `${rule}:${branch}:${at}`, rule, branch, state, windowStart: at, windowEnd: at + WINDOW_MS, date: windowing.datestring(at, '30s'), value: 0, silentWindows: 6 });
}

/** 12 orders per window and branch over the last 20 windows: Americano leads every window (6, then 4 Caffe Latte, 2 Espresso). */
async function seedHistory(url: string): Promise<void> {
  const client = createRedis(url);
  const store = new StatsStore(client, new RedisKeys({ prefix: PREFIX }), { windowing });
  for (let w = 0; w < 20; w += 1) {
    const orders: CountableOrder[] = [];
    for (const branch of ['jeongja', 'sunae']) {
      for (let i = 0; i < 12; i += 1) {
        const coffee = i < 6 ? COFFEES[0] : i < 10 ? COFFEES[1] : COFFEES[2];
        orders.push({ branch, orders: [coffee ?? 'Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: NOW_WINDOW - w * WINDOW_MS + i * 1_000 });
      }
    }
    await store.applyUnacked(aggregateBatch(orders, windowing));
  }
  client.disconnect();
}

describe('alerts on the dashboard', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let gateway: Service;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    await seedHistory(redisServer.url);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    gateway = startService('api-gateway', { REDIS_URL: redisServer.url, KEY_PREFIX: PREFIX, GATEWAY_PORT: String(port) });
    await waitForHttp(`${url}/api/health`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    redis?.disconnect();
    await redisServer?.stop();
  });

  const markers = (chart: string) => page.locator(`[data-testid=${chart}] [data-testid=alert-marker]`);

  it('lists and marks stored alerts, shows a new one live with a notification and a chart marker, and its resolution', async () => {
    await redis.xadd(STREAM, '*', 'id', `silent:sunae:${SILENT_AT}`, 'alert', event('silent', 'sunae', SILENT_AT, 'open'));
    await page.goto(url);
    await page.waitForSelector('[data-testid=alert-item][data-state=open]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=alert-item]').count()).toBe(1);
    // The stored alert is marked on every time chart, at its window.
    await page.waitForSelector(`[data-testid=chart-coffee-types] [data-testid=alert-marker][data-alert-id="silent:sunae:${SILENT_AT}"]`, { timeout: 30_000 });
    expect(await markers('chart-age-grades').count()).toBe(1);

    // As a processor writes it: stream entry and channel message. Published until the page's socket is there.
    const spike = event('spike', 'jeongja', SPIKE_AT, 'open');
    await redis.xadd(STREAM, '*', 'id', `spike:jeongja:${SPIKE_AT}`, 'alert', spike);
    await expectEventually(
      async () => {
        await redis.publish(CHANNEL, spike);
        expect(await page.locator('[data-testid=alert-notification]').count()).toBe(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await expect(page.locator('[data-testid=alert-notification]').textContent()).resolves.toContain('Spike on jeongja');
    expect(await page.locator('[data-testid=alert-item]').count()).toBe(2);
    // …and on the charts, without a reload: a marker at the spike's window, labelled for assistive technology.
    const spikeMarker = page.locator(`[data-testid=chart-coffee-types] [data-testid=alert-marker][data-alert-id="spike:jeongja:${SPIKE_AT}"]`);
    await spikeMarker.waitFor({ timeout: 10_000 });
    await expect(spikeMarker.getAttribute('aria-label')).resolves.toMatch(/^Spike alert on jeongja at \d\d:\d\d:\d\d, open/);
    expect(await markers('chart-coffee-types').count()).toBe(2);
    // The spike's flag stands over its own window: 4 windows left of the newest, right of the silent alert's (8 windows back).
    const flagX = async (id: string) => (await page.locator(`[data-testid=chart-coffee-types] [data-alert-id="${id}"] .alert-marker__line`).getAttribute('x1')) ?? '';
    expect(Number(await flagX(`spike:jeongja:${SPIKE_AT}`))).toBeGreaterThan(Number(await flagX(`silent:sunae:${SILENT_AT}`)));

    await redis.publish(CHANNEL, event('spike', 'jeongja', SPIKE_AT + 2 * WINDOW_MS, 'resolved'));
    await page.waitForSelector('[data-testid=alert-item][data-state=resolved]', { timeout: 10_000 });
    await expect(page.locator('[data-testid=alert-notification]').textContent()).resolves.toContain('Spike resolved on jeongja');
    await expect(spikeMarker.getAttribute('aria-label')).resolves.toMatch(/resolved at \d\d:\d\d:\d\d/);
  });

  it("shows the hovered window's top coffees from GET /api/top in the chart tooltip, with one request per view", async () => {
    const topRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/top')) {
        topRequests.push(request.url());
      }
    });
    const chart = page.locator('[data-testid=chart-age-grades] .time-chart');
    const box = await chart.boundingBox();
    if (box === null) {
      throw new Error('no chart');
    }
    for (const share of [0.5, 0.6, 0.7, 0.8]) {
      await page.mouse.move(box.x + box.width * share, box.y + box.height * 0.6);
    }
    const top = page.locator('[data-testid=chart-age-grades] [data-testid=tooltip-top]');
    await top.waitFor({ timeout: 15_000 });
    await expect(top.textContent()).resolves.toMatch(/Top 3 coffees1\. Americano12.*2\. Caffe Latte8.*3\. Espresso4/);
    for (const share of [0.55, 0.65, 0.75]) {
      await page.mouse.move(box.x + box.width * share, box.y + box.height * 0.6);
    }
    expect(topRequests).toHaveLength(1);
    mkdirSync(join(workspaceRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(workspaceRoot, 'test-artifacts', 'alerts.png'), fullPage: true });
    expect(topRequests[0]).toContain('type=Orders&n=3&branch=all&resolution=30s');
  });
});
