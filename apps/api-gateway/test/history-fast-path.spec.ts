// Covers the history fast path (cached GET /api/stats answered below Express and Nest) on real Redis and HTTP: answers byte-identical to the Nest path's (status, headers, body) for each encoding, with and without CORS, what it leaves to Nest, metrics, invalidation by live updates, and Redis outages.
import { startRedisServer, expectEventually, type RedisServer } from '@coffee/testing';
import { StatsService } from '../src/stats/stats.service';
import { awayFromWindowEnd, callsPerGateway, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { rawRequest } from './raw-request';

// Real Redis and HTTP on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

// 2024-05-01T00:00:00Z = 09:00:00 in Asia/Seoul, a 30 s window start.
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const RANGE = `from=${T0}&to=${T0 + 89_999}`;

/** A gateway answering from its cache (fast path) and one with the cache off (every answer through Nest), on the same data. */
interface Pair {
  fast: GatewayHarness;
  nest: GatewayHarness;
}

async function startPair(redisServer: RedisServer, prefix: string, env: Record<string, string> = {}): Promise<Pair> {
  const fast = await startGateway({ redisServer, env: { KEY_PREFIX: prefix, HISTORY_CACHE_MS: '60000', ...env } });
  const nest = await startGateway({ redisServer, env: { KEY_PREFIX: prefix, HISTORY_CACHE_MS: '0', ...env } });
  return { fast, nest };
}

describe('history fast path', () => {
  let redisServer: RedisServer;
  let withCors: Pair;
  let withoutCors: Pair;
  /** Answers the Nest controller gave per gateway so far. */
  const controllerReads = callsPerGateway(StatsService, 'historyAnswer');
  const nestAnswers = (gw: GatewayHarness): number => controllerReads.count(gw);

  beforeAll(async () => {
    redisServer = await startRedisServer();
    withCors = await startPair(redisServer, 'fast-path:');
    withoutCors = await startPair(redisServer, 'fast-path:', { CORS_ORIGINS: 'none' });
    const now = Date.now();
    await withCors.fast.seed([
      { branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 + 1_000 },
      { branch: 'seohyeon', orders: ['Unknown Brew'], paymentMethod: 'Debit', customerAgeGrade: '3040', timestamp: T0 + 31_000 },
      { branch: '정자', orders: ['Caffe Latte'], paymentMethod: 'Credit', customerAgeGrade: '1020', timestamp: now - 30_000 },
      ...Array.from({ length: 40 }, (_, i) => ({
        branch: 'jeongja',
        orders: ['Americano', 'Caffe Mocha'].slice(0, 1 + (i % 2)),
        paymentMethod: ['Cash', 'Credit', 'Debit'][i % 3],
        customerAgeGrade: '4050',
        timestamp: now - i * 60_000,
      })),
    ]);
  });

  afterAll(async () => {
    controllerReads.restore();
    for (const gw of [withCors.fast, withCors.nest, withoutCors.fast, withoutCors.nest]) {
      await gw.close();
    }
    await redisServer.stop();
  });

  const queries = [
    'branch=jeongja&last=120',
    'branch=jeongja&type=Orders&last=5',
    `branch=all&${RANGE}`,
    `branch=jeongja&type=PaymentMethods,Orders&resolution=1m&from=${T0}&to=${T0 + 119_999}`,
    'type=Orders&type=CustomerAgeGrades&last=3',
    `branch=${encodeURIComponent('정자')}&last=4`,
    '',
  ];
  const encodings: Record<string, string>[] = [{ 'Accept-Encoding': 'gzip' }, {}, { 'Accept-Encoding': 'gzip;q=0, identity' }, { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': '*' }];
  const cases = queries.flatMap((query) => encodings.map((headers) => [query, headers] as const));

  it.each(cases)('answers ?%s %j from its cache exactly as Nest does', async (query, headers) => {
    await awayFromWindowEnd(withCors.fast.windowing);
    const path = `/api/stats?${query}`;
    const first = await rawRequest(withCors.fast.baseUrl, path, headers);
    const readsAfterFirst = nestAnswers(withCors.fast);
    const cached = await rawRequest(withCors.fast.baseUrl, path, headers);
    const reference = await rawRequest(withCors.nest.baseUrl, path, headers);
    expect(first.status).toBe(200);
    expect(nestAnswers(withCors.fast)).toBe(readsAfterFirst);
    expect(cached).toEqual(reference);
    expect(first).toEqual(reference);
  });

  it.each([[{ 'Accept-Encoding': 'gzip' }], [{}]])('answers exactly as Nest does without CORS too (%j)', async (headers) => {
    await awayFromWindowEnd(withoutCors.fast.windowing);
    const path = '/api/stats?branch=jeongja&last=120';
    await rawRequest(withoutCors.fast.baseUrl, path, headers);
    const reads = nestAnswers(withoutCors.fast);
    const cached = await rawRequest(withoutCors.fast.baseUrl, path, headers);
    expect(nestAnswers(withoutCors.fast)).toBe(reads);
    expect(cached).toEqual(await rawRequest(withoutCors.nest.baseUrl, path, headers));
    expect(cached.headers).toContain('Vary: Accept-Encoding, Accept');
  });

  it.each([
    ['a CORS request', '/api/stats?branch=jeongja&last=5', { Origin: 'http://localhost:4200' }, 'GET'],
    ['a HEAD request', '/api/stats?branch=jeongja&last=5', {}, 'HEAD'],
    ['a path with a trailing slash', '/api/stats/?branch=jeongja&last=5', {}, 'GET'],
    ['a URL with a fragment', '/api/stats?branch=jeongja&last=5#x', {}, 'GET'],
    ['a conditional request', '/api/stats?branch=jeongja&last=5', { 'If-None-Match': 'W/"other"' }, 'GET'],
  ])('leaves %s to Nest, which answers it as before', async (_name, path, headers, method) => {
    await awayFromWindowEnd(withCors.fast.windowing);
    await rawRequest(withCors.fast.baseUrl, '/api/stats?branch=jeongja&last=5');
    const reads = nestAnswers(withCors.fast);
    const answer = await rawRequest(withCors.fast.baseUrl, path, headers, method);
    expect(nestAnswers(withCors.fast)).toBe(reads + 1);
    expect(answer).toEqual(await rawRequest(withCors.nest.baseUrl, path, headers, method));
  });

  it('leaves a matching If-None-Match to Express, which answers 304', async () => {
    await awayFromWindowEnd(withCors.fast.windowing);
    const path = '/api/stats?branch=jeongja&last=7';
    const etag = (await rawRequest(withCors.fast.baseUrl, path)).headers.find((line) => line.startsWith('ETag: '))?.slice('ETag: '.length) ?? '';
    const notModified = await rawRequest(withCors.fast.baseUrl, path, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified).toEqual(await rawRequest(withCors.nest.baseUrl, path, { 'If-None-Match': etag }));
  });

  it.each(['branch=a:b', 'type=Foo', 'last=0', 'last=1&from=0', 'branch=a&branch=b'])('leaves the invalid ?%s to Nest: the same 400', async (query) => {
    const answer = await rawRequest(withCors.fast.baseUrl, `/api/stats?${query}`);
    expect(answer.status).toBe(400);
    expect(answer).toEqual(await rawRequest(withCors.nest.baseUrl, `/api/stats?${query}`));
  });

  it('counts its answers in the HTTP metrics under the route Nest uses', async () => {
    const series = /^coffee_gateway_http_requests_total\{method="GET",route="\/api\/stats",status="200"[^}]*\} (\d+)$/m;
    const count = async (): Promise<number> => Number(series.exec(String((await withCors.fast.get('/api/metrics')).body))?.[1] ?? 0);
    await awayFromWindowEnd(withCors.fast.windowing);
    await rawRequest(withCors.fast.baseUrl, '/api/stats?branch=seohyeon&last=2');
    const before = await count();
    const reads = nestAnswers(withCors.fast);
    for (let i = 0; i < 5; i += 1) {
      await rawRequest(withCors.fast.baseUrl, '/api/stats?branch=seohyeon&last=2');
    }
    expect(nestAnswers(withCors.fast)).toBe(reads);
    expect(await count()).toBe(before + 5);
  });

  it('serves new counts once a live update of the branch arrives, still from the fast path', async () => {
    const { fast, nest } = withCors;
    await awayFromWindowEnd(fast.windowing, 8_000);
    const path = '/api/stats?branch=migeum&type=Orders&last=3';
    const gzip = { 'Accept-Encoding': 'gzip' };
    const before = await rawRequest(fast.baseUrl, path, gzip);
    const reads = nestAnswers(fast);
    const now = Date.now();
    await fast.seed([{ branch: 'migeum', orders: ['Flat White', 'Flat White'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: now }]);
    // Until the processor announces the change, the cached answer stands (as without the fast path).
    expect(await rawRequest(fast.baseUrl, path, gzip)).toEqual(before);
    await expectEventually(async () => {
      const reply = (await fast.redis.call('PUBSUB', 'NUMSUB', fast.keys.liveChannel)) as [string, number];
      expect(Number(reply[1])).toBe(4);
    });
    await fast.channel.publish(liveBody(fast.windowing, 'migeum', now, { '2030': 1 }));
    const reference = await rawRequest(nest.baseUrl, path, gzip);
    expect(reference).not.toEqual(before);
    await expectEventually(async () => expect(await rawRequest(fast.baseUrl, path, gzip)).toEqual(reference));
    expect(nestAnswers(fast)).toBe(reads);
    const body = (await fast.get(path)).body as { windows: { counts: Record<string, number> }[] };
    expect(body.windows[2].counts['Flat White']).toBe(2);
  });
});

describe('history fast path without Redis', () => {
  it('never answers from its cache while Redis is down: Nest answers 503', async () => {
    const gw = await startGateway({ env: { HISTORY_CACHE_MS: '60000' } });
    try {
      const path = '/api/stats?branch=jeongja&last=5';
      await expectEventually(async () => expect((await rawRequest(gw.baseUrl, path)).status).toBe(200), { timeoutMs: 10_000 });
      await gw.redisServer.kill();
      const down = await rawRequest(gw.baseUrl, path);
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body.toString())).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('redis') });
      await gw.redisServer.start();
      await expectEventually(async () => expect((await rawRequest(gw.baseUrl, path)).status).toBe(200), { timeoutMs: 10_000 });
    } finally {
      await gw.close();
    }
  });
});
