// Covers cached GET /api/top answered by the cached-answer fast path (below Express and Nest) on real Redis and HTTP:
// answers byte-identical to the Nest route's (status, headers, body) for each encoding, invalid queries left to Nest
// (the same 400), the top-N cache bounded by TOP_CACHE_BYTES, and uncached reads under the same admission control
// (an overloaded lane answers 503 without reaching Nest).
import { startRedisServer, type RedisServer } from '@coffee/testing';
import { AlertsService } from '../src/alerts/alerts.service';
import { HistoryAdmission } from '../src/stats/history-admission';
import { callsPerGateway, startGateway, type GatewayHarness } from './gateway-harness';
import { rawRequest } from './raw-request';

// Real Redis and HTTP on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

// 2024-05-01T00:00:00Z = 09:00:00 in Asia/Seoul, a 30 s window start.
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const W = 30_000;
const PREFIX = 'top-fast-path:';
// Room for three of the answers below (about 900 bytes of JSON each, counted twice).
const TOP_CACHE_BYTES = 6_000;

/** A gateway with the alert API variables of `env` (they are read from process.env when the app starts). */
async function gatewayWith(redisServer: RedisServer, env: Record<string, string>, harnessEnv: Record<string, string> = {}): Promise<GatewayHarness> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startGateway({ redisServer, env: { KEY_PREFIX: PREFIX, ...harnessEnv } });
  } finally {
    process.env = saved;
  }
}

describe('top-N fast path', () => {
  let redisServer: RedisServer;
  /** Answers from its top-N cache (fast path); holds at most 3 answers. */
  let fast: GatewayHarness;
  /** The same data with the top-N cache off: every answer through Nest. */
  let nest: GatewayHarness;
  /** Answers the Nest route gave per gateway so far. */
  const computed = callsPerGateway(AlertsService, 'topAnswer');
  const nestAnswers = (gw: GatewayHarness): number => computed.count(gw);

  beforeAll(async () => {
    redisServer = await startRedisServer();
    fast = await gatewayWith(redisServer, { TOP_CACHE_MS: '600000' });
    nest = await gatewayWith(redisServer, { TOP_CACHE_MS: '0' });
    const coffees = ['Americano', 'Espresso', 'Caffe Latte', 'Caffe Mocha', 'Flat White'];
    await fast.seed(
      Array.from({ length: 200 }, (_, i) => ({
        branch: ['jeongja', 'sunae', '정자'][i % 3],
        orders: [coffees[i % 5], coffees[(i * 7) % 5]],
        paymentMethod: ['Cash', 'Credit', 'Debit'][i % 3],
        customerAgeGrade: '2030',
        timestamp: T0 + (i % 60) * W + i,
      })),
    );
  });

  afterAll(async () => {
    computed.restore();
    await fast.close();
    await nest.close();
    await redisServer.stop();
  });

  const queries = [
    `type=Orders&n=3&branch=all&resolution=30s&from=${T0}&to=${T0 + 59 * W}`,
    `type=PaymentMethods&n=2&branch=jeongja&from=${T0}&to=${T0 + 10 * W - 1}`,
    `branch=${encodeURIComponent('정자')}&resolution=1m&from=${new Date(T0).toISOString()}&to=${T0 + 30 * W}`,
  ];
  const encodings: Record<string, string>[] = [{ 'Accept-Encoding': 'gzip' }, {}, { 'Accept-Encoding': 'gzip;q=0, identity' }, { 'Accept-Encoding': '*' }];
  const cases = queries.flatMap((query) => encodings.map((headers) => [query, headers] as const));

  it.each(cases)('answers ?%s %j from its cache exactly as Nest does', async (query, headers) => {
    const path = `/api/top?${query}`;
    const first = await rawRequest(fast.baseUrl, path, headers);
    const readsAfterFirst = nestAnswers(fast);
    const cached = await rawRequest(fast.baseUrl, path, headers);
    const reference = await rawRequest(nest.baseUrl, path, headers);
    expect(first.status).toBe(200);
    expect(nestAnswers(fast)).toBe(readsAfterFirst);
    expect(cached).toEqual(reference);
    expect(first).toEqual(reference);
    expect(cached.headers).toEqual(expect.arrayContaining(['Content-Type: application/json; charset=utf-8', expect.stringMatching(/^ETag: W\//), expect.stringMatching(/^Vary: /)]));
  });

  it.each([
    'n=0',
    'n=21',
    'type=Muffins',
    'resolution=7s',
    'branch=a:b',
    `from=${T0 + W}&to=${T0}`,
    `from=${T0}&to=${T0 + 3_000 * W}`,
    'n=2&n=3',
  ])('leaves the invalid ?%s to Nest: the same 400', async (query) => {
    const answer = await rawRequest(fast.baseUrl, `/api/top?${query}`);
    expect(answer.status).toBe(400);
    expect(answer).toEqual(await rawRequest(nest.baseUrl, `/api/top?${query}`));
    expect(JSON.parse(answer.body.toString())).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('keeps at most TOP_CACHE_BYTES of answers: more distinct queries than fit push the least recently used out', async () => {
    const small = await gatewayWith(redisServer, { TOP_CACHE_MS: '600000', TOP_CACHE_BYTES: String(TOP_CACHE_BYTES) });
    try {
      await expectBytesBound(small);
    } finally {
      await small.close();
    }
  });

  async function expectBytesBound(gw: GatewayHarness): Promise<void> {
    const service = gw.app.get(AlertsService);
    const path = (n: number): string => `/api/top?type=Orders&n=${n}&from=${T0}&to=${T0 + 5 * W}`;
    const sizes: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const answer = await rawRequest(gw.baseUrl, path(n));
      expect(answer.status).toBe(200);
      sizes.push(2 * answer.body.length);
      expect(service.cachedTopAnswers.bytes).toBeLessThanOrEqual(TOP_CACHE_BYTES);
    }
    // Five answers do not fit; the newest ones that do are kept.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(TOP_CACHE_BYTES);
    let kept = 0;
    for (let total = 0, n = 5; n >= 1 && total + sizes[n - 1] <= TOP_CACHE_BYTES; n -= 1) {
      total += sizes[n - 1];
      kept += 1;
    }
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(service.cachedTopAnswers.entries).toBe(kept);
    // The kept ones are answered from the cache, the oldest was dropped and goes through Nest again.
    const reads = nestAnswers(gw);
    for (let n = 5; n > 5 - kept; n -= 1) {
      await rawRequest(gw.baseUrl, path(n));
    }
    expect(nestAnswers(gw)).toBe(reads);
    await rawRequest(gw.baseUrl, path(1));
    expect(nestAnswers(gw)).toBe(reads + 1);
    expect(service.cachedTopAnswers.bytes).toBeLessThanOrEqual(TOP_CACHE_BYTES);
  }
});

describe('top-N fast path under admission control', () => {
  it('answers an uncached query 503 at once when its lane is full, without reaching Nest, as Nest would', async () => {
    const redisServer = await startRedisServer();
    const limits = { HISTORY_CONCURRENCY: '1', HISTORY_QUEUE: '0', HISTORY_REFUSAL_DELAY_MS: '0' };
    const fast = await gatewayWith(redisServer, { TOP_CACHE_MS: '600000' }, limits);
    const nest = await gatewayWith(redisServer, { TOP_CACHE_MS: '0' }, limits);
    const computed = jest.spyOn(AlertsService.prototype, 'topAnswer');
    try {
      const path = `/api/top?from=${T0}&to=${T0 + 9 * W}`;
      // Each gateway's only small-lane slot taken (10 windows is a small read).
      const releases = await Promise.all([fast, nest].map((gw) => gw.app.get(HistoryAdmission).acquire(10)));
      const refused = await rawRequest(fast.baseUrl, path);
      expect(computed).not.toHaveBeenCalled();
      expect(refused.status).toBe(503);
      expect(refused.headers).toContain('Retry-After: 2');
      expect(JSON.parse(refused.body.toString())).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('overloaded') });
      const reference = await rawRequest(nest.baseUrl, path);
      expect(reference.status).toBe(503);
      expect(refused.body.toString()).toBe(reference.body.toString());
      for (const release of releases) {
        release();
      }
      expect((await rawRequest(fast.baseUrl, path)).status).toBe(200);
      expect(computed).toHaveBeenCalledTimes(1);
    } finally {
      computed.mockRestore();
      await fast.close();
      await nest.close();
      await redisServer.stop();
    }
  });
});
