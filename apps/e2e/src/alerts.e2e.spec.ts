// Covers the dashboard's alert list in a real headless Chromium against the built gateway: an alert already in the stream is listed, one written while the page is open appears live with a notification, and resolves live.
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import { startService, waitForHttp, type Service } from './support/services';

jest.setTimeout(120_000);

const PREFIX = 'ui-alerts:';
const STREAM = `${PREFIX}coffee:{alerts}`;
const CHANNEL = `${PREFIX}coffee:{alerts}:live`;
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);

function event(rule: string, branch: string, at: number, state: 'open' | 'resolved'): string {
  return JSON.stringify({ id: `${rule}:${branch}:${at}`, rule, branch, state, windowStart: at, windowEnd: at + 30_000, date: '20240501090000', value: 0, silentWindows: 6 });
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

  it('lists stored alerts, shows a new one live with a notification, and its resolution', async () => {
    await redis.xadd(STREAM, '*', 'id', `silent:sunae:${T0}`, 'alert', event('silent', 'sunae', T0, 'open'));
    await page.goto(url);
    await page.waitForSelector('[data-testid=alert-item][data-state=open]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=alert-item]').count()).toBe(1);

    // As a processor writes it: stream entry and channel message. Published until the page's socket is there.
    const spike = event('spike', 'jeongja', T0 + 60_000, 'open');
    await redis.xadd(STREAM, '*', 'id', `spike:jeongja:${T0 + 60_000}`, 'alert', spike);
    await expectEventually(
      async () => {
        await redis.publish(CHANNEL, spike);
        expect(await page.locator('[data-testid=alert-notification]').count()).toBe(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await expect(page.locator('[data-testid=alert-notification]').textContent()).resolves.toContain('Spike on jeongja');
    expect(await page.locator('[data-testid=alert-item]').count()).toBe(2);

    await redis.publish(CHANNEL, event('spike', 'jeongja', T0 + 120_000, 'resolved'));
    await page.waitForSelector('[data-testid=alert-item][data-state=resolved]', { timeout: 10_000 });
    await expect(page.locator('[data-testid=alert-notification]').textContent()).resolves.toContain('Spike resolved on jeongja');
  });
});
