// Covers the REST API on real Redis: every parameter's good and bad values, zero-filled ranges, all-branches, the single-hash route, catalog, docs, metrics, headers, health and the dashboard's files.
import { STATISTIC_TYPES } from '@coffee/aggregation';
import { AGE_GRADES } from '@coffee/order-schema';
import { expectEventually } from '@coffee/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveBody, startGateway, type GatewayHarness } from './gateway-harness';

// Real Redis and HTTP on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

// 2024-05-01T00:00:00Z = 09:00:00 in Asia/Seoul, a 30 s window start.
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const D0 = '20240501090000';
const RANGE = `from=${T0}&to=${T0 + 89_999}`;
// A day later: a window only the cache test writes to.
const T1 = T0 + 86_400_000;

interface Body {
  [key: string]: unknown;
}

function body(value: unknown): Body {
  if (typeof value !== 'object' || value === null) {
    throw new Error(`expected a JSON object, got ${String(value)}`);
  }
  return value as Body;
}

describe('REST API', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    // A long cache life, so the cache test shows that a live update (not the clock) refreshes answers.
    gw = await startGateway({ env: { HISTORY_CACHE_MS: '60000' } });
    await gw.seed([
      { branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 + 1_000 },
      { branch: 'jeongja', orders: ['Caffe Latte'], paymentMethod: 'Credit', customerAgeGrade: '2030', timestamp: T0 + 5_000 },
      { branch: 'seohyeon', orders: ['Americano'], paymentMethod: 'Debit', customerAgeGrade: '3040', timestamp: T0 + 31_000 },
      { branch: 'jeongja', orders: ['Unknown Brew'], paymentMethod: 'Cash', customerAgeGrade: '1020', timestamp: T0 + 65_000 },
      { branch: 'migeum', orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '5060', timestamp: T1 + 1_000 },
    ]);
  });

  afterAll(async () => {
    await gw.close();
  });

  it('serves a zero-filled range for one branch and one type, with type and windows', async () => {
    const { status, body: raw } = await gw.get(`/api/stats?branch=jeongja&type=CustomerAgeGrades&${RANGE}`);
    expect(status).toBe(200);
    const res = body(raw);
    expect(res).toMatchObject({ branch: 'jeongja', resolution: '30s', from: T0, to: T0 + 89_999, type: 'CustomerAgeGrades' });
    const windows = res['windows'] as { date: string; start: number; counts: Record<string, number>; total: number }[];
    expect(windows.map((w) => [w.date, w.start, w.total])).toEqual([
      [D0, T0, 2],
      ['20240501090030', T0 + 30_000, 0],
      ['20240501090100', T0 + 60_000, 1],
    ]);
    expect(Object.keys(windows[1].counts).sort()).toEqual([...AGE_GRADES].sort());
    expect(windows[0].counts).toMatchObject({ '2030': 2, '1020': 0 });
    expect(res['series']).toEqual({ CustomerAgeGrades: windows });
  });

  it('serves the all-branches roll-up with unknown categories included', async () => {
    const res = body((await gw.get(`/api/stats?branch=all&type=Orders&${RANGE}`)).body);
    expect(res['branch']).toBe('all');
    const windows = res['windows'] as { counts: Record<string, number>; total: number }[];
    expect(windows.map((w) => w.total)).toEqual([3, 1, 1]);
    expect(windows[0].counts).toMatchObject({ Americano: 1, Espresso: 1, 'Caffe Latte': 1, Cappuccino: 0 });
    expect(windows[2].counts['Unknown Brew']).toBe(1);
  });

  it('defaults to all branches, every type and the last 20 base windows ending now', async () => {
    const before = Date.now();
    const answer = await gw.get('/api/stats');
    const res = body(answer.body);
    expect(answer.headers.get('content-encoding')).toBe('gzip');
    expect((await gw.get('/api/stats', { 'Accept-Encoding': 'identity' })).body).toEqual(res);
    const after = Date.now();
    expect(res).toMatchObject({ branch: 'all', resolution: '30s' });
    expect(res['type']).toBeUndefined();
    const series = res['series'] as Record<string, { start: number; total: number }[]>;
    expect(Object.keys(series)).toEqual([...STATISTIC_TYPES]);
    for (const windows of Object.values(series)) {
      expect(windows).toHaveLength(20);
      expect(windows.every((w) => w.total === 0)).toBe(true);
      const last = windows[19].start;
      expect(last + 30_000).toBeGreaterThan(before);
      expect(last).toBeLessThanOrEqual(after);
    }
    expect(res['to']).toBe((res['from'] as number) + 20 * 30_000);
  });

  it('serves coarser resolutions and several types at once', async () => {
    const res = body((await gw.get(`/api/stats?branch=jeongja&type=Orders,PaymentMethods&resolution=1m&from=${T0}&to=${T0 + 119_999}`)).body);
    const series = res['series'] as Record<string, { date: string; total: number; counts: Record<string, number> }[]>;
    expect(Object.keys(series)).toEqual(['Orders', 'PaymentMethods']);
    expect(series['Orders'].map((w) => [w.date, w.total])).toEqual([
      ['202405010900', 3],
      ['202405010901', 1],
    ]);
    expect(series['PaymentMethods'][0].counts).toEqual({ Cash: 1, Credit: 1, Debit: 0 });
  });

  it('accepts ISO 8601 times with a zone', async () => {
    const iso = body((await gw.get(`/api/stats?branch=jeongja&type=Orders&from=2024-05-01T09:00:00%2B09:00&to=2024-05-01T00:01:29.999Z`)).body);
    const ms = body((await gw.get(`/api/stats?branch=jeongja&type=Orders&${RANGE}`)).body);
    expect(iso['windows']).toEqual(ms['windows']);
  });

  it.each([
    ['branch', 'jeongja'],
    ['branch', 'all'],
    ['branch', 'new-branch_1.x'],
    ['branch', 'x'.repeat(64)],
    ['branch', encodeURIComponent('정자')],
    ['type', 'CustomerAgeGrades'],
    ['type', 'PaymentMethods'],
    ['type', 'Orders'],
    ['type', 'Orders,Orders'],
    ['resolution', '30s'],
    ['resolution', '1m'],
    ['resolution', '1h'],
    ['resolution', '1d'],
    ['last', '1'],
    ['last', '10000&type=Orders&branch=jeongja'],
    ['from', String(T0)],
    ['from', '2024-05-01T00:00:00Z'],
    ['from', '2024-05-01T09:00:00.5%2B09:00'],
  ])('accepts %s=%s', async (name, value) => {
    const rest = name === 'from' ? `&to=${T0 + 60_000}` : '';
    const { status } = await gw.get(`/api/stats?${name}=${value}${rest}`);
    expect(status).toBe(200);
  });

  it.each([
    ['branch', 'branch=a:b'],
    ['branch', 'branch=a*'],
    ['branch', 'branch=a%3F'],
    ['branch', 'branch=a['],
    ['branch', 'branch=a]'],
    ['branch', 'branch=a%20b'],
    ['branch', 'branch=a%09b'],
    ['branch', 'branch=a%0Ab'],
    ['branch', 'branch=%01'],
    ['branch', 'branch=a%5Cb'],
    ['branch', `branch=${'x'.repeat(65)}`],
    ['branch', 'branch='],
    ['branch', 'branch=a&branch=b'],
    ['type', 'type=Foo'],
    ['type', 'type=orders'],
    ['type', 'type=Orders,Foo'],
    ['type', 'type='],
    ['resolution', 'resolution=5m'],
    ['resolution', 'resolution=30S'],
    ['resolution', 'resolution='],
    ['last', 'last=0'],
    ['last', 'last=-1'],
    ['last', 'last=1.5'],
    ['last', 'last=abc'],
    ['last', 'last=10001'],
    ['last', 'last=1e3'],
    ['last', `last=20&${RANGE}`],
    ['from', 'from=yesterday'],
    ['from', 'from=2024-13-01T00:00:00Z'],
    ['from', 'from=2024-02-30T00:00:00Z'],
    ['from', 'from=2024-05-01T00:00:00'],
    ['from', 'from=2024-05-01'],
    ['from', 'from=99999999999999999'],
    ['from', 'from=-5'],
    ['from', `from=${T0 + 1}&to=${T0}`],
    ['from', `from=0&to=${T0}`],
    ['from', `to=${T0}`],
    ['to', `from=${T0}&to=bad`],
    ['to', `from=${T0}&to=2024-05-01T25:00:00Z`],
  ])('rejects %s in ?%s with a 400 naming it', async (name, query) => {
    const { status, body: raw } = await gw.get(`/api/stats?${query}`);
    expect(status).toBe(400);
    expect(body(raw)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(String(body(raw)['message'])).toMatch(new RegExp(`^${name}: `));
  });

  it('answers repeated queries from its cache until a live update of the branch arrives', async () => {
    const path = `/api/stats?branch=migeum&type=PaymentMethods&from=${T1}&to=${T1 + 29_999}`;
    const first = await gw.get(path);
    expect(first.headers.get('etag')).toMatch(/^W\//);
    // fetch adds Cache-Control: no-cache to conditional requests unless one is given.
    expect((await gw.get(path, { 'If-None-Match': String(first.headers.get('etag')), 'Cache-Control': 'max-age=0' })).status).toBe(304);
    expect(body(first.body)['windows']).toEqual([expect.objectContaining({ counts: { Cash: 1, Credit: 0, Debit: 0 } })]);
    await gw.seed([{ branch: 'migeum', orders: ['Espresso'], paymentMethod: 'Debit', customerAgeGrade: '5060', timestamp: T1 + 2_000 }]);
    expect((await gw.get(path)).body).toEqual(first.body);
    await expectEventually(async () => {
      const reply = (await gw.redis.call('PUBSUB', 'NUMSUB', gw.keys.liveChannel)) as [string, number];
      expect(Number(reply[1])).toBe(1);
    });
    await gw.channel.publish(liveBody(gw.windowing, 'migeum', T1 + 2_000, { '5060': 2 }));
    await expectEventually(async () => {
      const windows = body((await gw.get(path)).body)['windows'] as { counts: Record<string, number> }[];
      expect(windows[0].counts['Debit']).toBe(1);
    });
  });

  it('reads one stored hash as is, for a branch and for all', async () => {
    expect((await gw.get(`/api/stats/jeongja/${D0}/CustomerAgeGrades`)).body).toEqual({
      branch: 'jeongja',
      date: D0,
      type: 'CustomerAgeGrades',
      counts: { '2030': 2 },
    });
    expect(body((await gw.get(`/api/stats/all/${D0}/Orders`)).body)['counts']).toEqual({ Americano: 1, Espresso: 1, 'Caffe Latte': 1 });
    expect(body((await gw.get('/api/stats/jeongja/2024050109/PaymentMethods')).body)['counts']).toEqual({ Cash: 2, Credit: 1 });
    expect(body((await gw.get(`/api/stats/sunae/${D0}/Orders`)).body)['counts']).toEqual({});
  });

  it.each([
    ['branch', `/api/stats/a%3Ab/${D0}/Orders`],
    ['branch', `/api/stats/a*/${D0}/Orders`],
    ['branch', `/api/stats/${'y'.repeat(65)}/${D0}/Orders`],
    ['date', '/api/stats/jeongja/2024/Orders'],
    ['date', '/api/stats/jeongja/abcdefgh/Orders'],
    ['date', '/api/stats/jeongja/20241301/Orders'],
    ['date', '/api/stats/jeongja/20240501090015/Orders'],
    ['date', '/api/stats/jeongja/2024050109001/Orders'],
    ['type', `/api/stats/jeongja/${D0}/Nope`],
    ['type', `/api/stats/jeongja/${D0}/*`],
  ])('single-hash route rejects a bad %s (%s)', async (name, path) => {
    const { status, body: raw } = await gw.get(path);
    expect(status).toBe(400);
    expect(String(body(raw)['message'])).toMatch(new RegExp(`^${name}: `));
  });

  it('lists real branches, sorted, without all', async () => {
    expect((await gw.get('/api/branches')).body).toEqual({ branches: ['jeongja', 'migeum', 'seohyeon'] });
  });

  it('describes its configuration', async () => {
    const res = body((await gw.get('/api/config')).body);
    expect(res).toMatchObject({ timeZone: 'Asia/Seoul', windowSizeSeconds: 30, resolutions: ['30s', '1m', '1h', '1d'], statisticTypes: [...STATISTIC_TYPES] });
    const vocabulary = res['vocabulary'] as Record<string, string[]>;
    expect(vocabulary['CustomerAgeGrades']).toHaveLength(10);
    expect(vocabulary['Orders']).toHaveLength(9);
    expect(vocabulary['PaymentMethods']).toEqual(['Cash', 'Credit', 'Debit']);
  });

  it('reports health, metrics, the OpenAPI document and security headers', async () => {
    await expectEventually(async () => expect(await gw.get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok', redis: 'up' } }));
    const metrics = await gw.get('/api/metrics');
    expect(metrics.status).toBe(200);
    // The same operations paths as the collector and the processor, outside the /api prefix.
    for (const path of ['/health/live', '/api/health/live']) {
      expect(await gw.get(path)).toMatchObject({ status: 200, body: { status: 'ok' } });
    }
    for (const path of ['/health/ready', '/api/health/ready']) {
      expect(await gw.get(path)).toMatchObject({ status: 200, body: { status: 'ok', redis: 'up' } });
    }
    const rootMetrics = await gw.get('/metrics');
    expect([rootMetrics.status, rootMetrics.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(String(rootMetrics.body)).toContain('coffee_gateway_http_requests_total');
    for (const name of ['coffee_gateway_http_requests_total', 'coffee_gateway_ws_clients', 'coffee_gateway_ws_packets_sent_total', 'coffee_gateway_live_malformed_packets']) {
      expect(String(metrics.body)).toContain(name);
    }
    expect(String(metrics.body)).toMatch(/coffee_gateway_http_requests_total\{[^}]*route="\/api\/stats"[^}]*status="400"/);
    const doc = body((await gw.get('/api/docs-json')).body);
    expect(Object.keys(doc['paths'] as object)).toEqual(
      expect.arrayContaining(['/api/stats', '/api/stats/{branch}/{date}/{type}', '/api/branches', '/api/config', '/api/health', '/api/metrics']),
    );
    const docs = await gw.get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await gw.get('/api/nope')).status).toBe(404);
  });

  it('allows the configured CORS origins only', async () => {
    const allowed = await gw.get('/api/config', { Origin: 'http://localhost:4200' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
    const other = await gw.get('/api/config', { Origin: 'http://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('REST API without Redis', () => {
  it('answers 503 on health and reads once its Redis is gone, never 500', async () => {
    const gw = await startGateway();
    try {
      await expectHealthy(gw);
      await gw.redisServer.kill();
      const health = await gw.get('/api/health');
      expect(health).toMatchObject({ status: 503, body: { status: 'error', redis: 'down' } });
      for (const path of ['/health/ready', '/api/health/ready']) {
        const ready = await gw.get(path);
        expect(ready).toMatchObject({ status: 503, body: { status: 'error', redis: 'down' } });
        expect((ready.body as { reason?: string }).reason).toMatch(/Redis/);
      }
      expect((await gw.get('/health/live')).status).toBe(200);
      for (const path of ['/api/stats?branch=jeongja&last=5', '/api/branches', `/api/stats/jeongja/${D0}/Orders`]) {
        const res = await gw.get(path);
        expect([path, res.status]).toEqual([path, 503]);
      }
      expect((await gw.get('/api/stats?branch=a:b')).status).toBe(400);
      await gw.redisServer.start();
      await expectHealthy(gw);
    } finally {
      await gw.close();
    }
  });
});

async function expectHealthy(gw: GatewayHarness): Promise<void> {
  await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200), { timeoutMs: 10_000 });
}

describe('dashboard files', () => {
  it('serves the built dashboard at / with a single-page fallback, leaving /api alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-dashboard-'));
    const gw = await startGateway({ env: { DASHBOARD_DIR: dir } });
    try {
      expect((await gw.get('/', { Accept: 'text/html' })).status).toBe(404);
      // A build that appears while the gateway runs is picked up.
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("hi")');
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Coffee Pulse</title><script type="module" src="/assets/app.js"></script>');
      await expectEventually(async () => expect((await gw.get('/', { Accept: 'text/html' })).status).toBe(200), { timeoutMs: 5_000, intervalMs: 250 });
      const home = await gw.get('/', { Accept: 'text/html' });
      expect(home.status).toBe(200);
      expect(String(home.body)).toContain('Coffee Pulse');
      expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(String((await gw.get('/branches/jeongja', { Accept: 'text/html' })).body)).toContain('Coffee Pulse');
      const script = await gw.get('/assets/app.js');
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(script.headers.get('cache-control')).toContain('immutable');
      expect((await gw.get('/assets/gone.js')).status).toBe(404);
      expect((await gw.get('/../package.json')).status).not.toBe(200);
      expect((await gw.get('/api/nope', { Accept: 'text/html' })).status).toBe(404);
      expect((await gw.get('/api/config', { Accept: 'text/html' })).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});
