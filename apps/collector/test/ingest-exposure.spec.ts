// Covers issue 19's network rules for the collector on a real redis-server: token checked before the body is read, per-client rate limit (429 + Retry-After), METRICS_TOKEN, loopback by default, no credential in any log line.
import { startRedisServer, type RedisServer } from '@coffee/testing';
import type { AddressInfo } from 'node:net';
import { postOrders, startTestCollector, type TestCollector } from './support/collector-app';

const TOKEN = 'ingest-token-0123456789';
const METRICS_TOKEN = 'metrics-token-abcdefgh';
const VALID = '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';

describe('HTTP ingest exposure', () => {
  let server: RedisServer;
  const running: TestCollector[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(running.map((collector) => collector.close()));
    await server.stop();
  });

  async function collector(env: Record<string, string> = {}): Promise<TestCollector> {
    const started = await startTestCollector(server.url, env);
    running.push(started);
    return started;
  }

  it('listens on 127.0.0.1 by default', async () => {
    const c = await collector();
    expect(c.config.host).toBe('127.0.0.1');
    expect((c.app.getHttpServer() as { address(): AddressInfo }).address().address).toBe('127.0.0.1');
  });

  it('checks the bearer token before reading the body: an unauthenticated 10 MB body gets 401, an authenticated one 413', async () => {
    const c = await collector({ INGEST_TOKEN: TOKEN, BODY_LIMIT: '1mb' });
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const anonymous = await postOrders(c, big);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'UNAUTHORIZED' });
    const wrong = await postOrders(c, VALID, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const authenticated = await postOrders(c, big, { authorization: `Bearer ${TOKEN}` });
    expect(authenticated.status).toBe(413);
    expect((await postOrders(c, VALID, { authorization: `Bearer ${TOKEN}` })).status).toBe(202);
  });

  it('rate-limits POST /orders per client address: 429 with Retry-After beyond the burst, counted in the metrics', async () => {
    const c = await collector({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await postOrders(c, VALID);
      statuses.push(response.status);
      if (response.status === 429) {
        limited = response;
      }
    }
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited?.json()).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED', message: expect.stringMatching(/RATE_LIMIT_PER_SECOND/) });
    // Other routes are not limited.
    expect((await fetch(`${c.base}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${c.base}/metrics`)).text();
    expect(metrics).toMatch(/coffee_collector_http_ingest_requests_total\{status="429",service="collector"\} [1-9]/);
  });

  it('serves /metrics only with METRICS_TOKEN when it is set; health stays open', async () => {
    const c = await collector({ METRICS_TOKEN });
    expect((await fetch(`${c.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${c.base}/metrics/`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
    const scraped = await fetch(`${c.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/coffee_collector_lines_read_total/);
    expect((await fetch(`${c.base}/health`)).status).toBe(200);
  });

  it('writes no credential in any log line (tokens in headers or query strings, accepted or refused)', async () => {
    const c = await collector({ INGEST_TOKEN: TOKEN, METRICS_TOKEN });
    await postOrders(c, VALID, { authorization: `Bearer ${TOKEN}` }, `/orders?token=${TOKEN}`);
    await postOrders(c, VALID, {}, `/orders?access_token=${TOKEN}&x=1`);
    await postOrders(c, '[1,', { authorization: `Bearer ${TOKEN}` }, `/orders?api_key=${METRICS_TOKEN}`);
    await fetch(`${c.base}/metrics?token=${METRICS_TOKEN}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    await fetch(`${c.base}/nowhere?password=${TOKEN}`, { headers: { cookie: `session=${TOKEN}` } });
    // Every line of every app of this file: nestjs-pino sends lines written outside a request to the first app's destination.
    const text = running.flatMap((started) => started.logs).join('');
    // The capture works: the request lines are there, their credentials hidden.
    expect(text).toContain('/orders?token=[redacted]');
    expect(text).toContain('refused POST /orders?access_token=[redacted]&x=1 from 127.0.0.1: missing or wrong bearer token');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(METRICS_TOKEN);
  });
});
