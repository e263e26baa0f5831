// Covers GET /api/alerts (pairing, filters, limits), GET /api/top (ranking, ties by name, limits, cache) and the live `alert` socket.io event, on real Redis.
import type { AlertEvent } from '@coffee/aggregation';
import { expectEventually } from '@coffee/testing';
import { startGateway, type GatewayHarness } from './gateway-harness';
import { connectClient } from './live-test-clients';

jest.setTimeout(30_000);

// 2024-05-01T00:00:00Z = 09:00:00 in Asia/Seoul, a 30 s window start.
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const W = 30_000;

function event(rule: AlertEvent['rule'], branch: string, at: number, state: AlertEvent['state']): AlertEvent {
  return { id: `${rule}:${branch}:${at}`, rule, branch, state, windowStart: at, windowEnd: at + W, date: String(at), value: 7 };
}

interface AlertsBody {
  alerts: { id: string; branch: string; state: string; resolved?: { windowStart: number } }[];
  truncated: boolean;
}

interface TopBody {
  windows: { start: number; total: number; top: { rank: number; name: string; count: number }[] }[];
}

describe('alerts and top-N API', () => {
  let gw: GatewayHarness;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { ALERTS_MAX_RESULTS: '3', TOP_MAX_N: '5', TOP_MAX_WINDOWS: '100', TOP_CACHE_MS: '600000' });
    gw = await startGateway();
    const order = (branch: string, orders: string[], t: number): { branch: string; orders: string[]; paymentMethod: string; customerAgeGrade: string; timestamp: number } => ({
      branch,
      orders,
      paymentMethod: 'Cash',
      customerAgeGrade: '2030',
      timestamp: t,
    });
    await gw.seed([
      order('jeongja', ['Americano', 'Americano', 'Espresso'], T0 + 1_000),
      order('sunae', ['Espresso', 'Caffe Latte'], T0 + 2_000),
      order('sunae', ['Caffe Mocha', 'Caffe Mocha', 'Caffe Mocha'], T0 + W + 1_000),
    ]);
    const events = [
      event('silent', 'sunae', T0, 'open'),
      event('silent', 'sunae', T0 + 5 * W, 'resolved'),
      event('spike', '*', T0 + 2 * W, 'open'),
      event('drop', 'migeum', T0 + 3 * W, 'open'),
      event('drop', 'migeum', T0 + 4 * W, 'resolved'),
      event('drop', 'migeum', T0 + 9 * W, 'open'),
    ];
    for (const e of events) {
      await gw.redis.xadd(gw.keys.alertsStream, '*', 'id', e.id, 'alert', JSON.stringify(e));
    }
    await gw.redis.xadd(gw.keys.alertsStream, '*', 'id', 'junk', 'alert', '{"not":"an alert"}');
  });

  afterAll(async () => {
    await gw.close();
    process.env = saved;
  });

  it('pairs open and resolved events into alerts, newest first, the chain named all', async () => {
    const { status, body } = await gw.get('/api/alerts?limit=3');
    expect(status).toBe(200);
    const answer = body as AlertsBody;
    expect(answer.alerts.map((a) => `${a.id} ${a.state}`)).toEqual([`drop:migeum:${T0 + 9 * W} open`, `drop:migeum:${T0 + 3 * W} resolved`, `spike:*:${T0 + 2 * W} open`]);
    expect(answer.alerts[2]?.branch).toBe('all');
    expect(answer.alerts[1]?.resolved?.windowStart).toBe(T0 + 4 * W);
    expect(answer.truncated).toBe(true);
  });

  it.each([
    ['branch=sunae', [`silent:sunae:${T0}`]],
    ['branch=all', [`spike:*:${T0 + 2 * W}`]],
    ['rule=drop', [`drop:migeum:${T0 + 9 * W}`, `drop:migeum:${T0 + 3 * W}`]],
    ['state=resolved', [`drop:migeum:${T0 + 3 * W}`, `silent:sunae:${T0}`]],
    [`from=${T0 + 5 * W}&to=${T0 + 8 * W}`, [`spike:*:${T0 + 2 * W}`]],
    [`to=${T0 + W}`, [`silent:sunae:${T0}`]],
  ])('filters by %s', async (query, ids) => {
    const { status, body } = await gw.get(`/api/alerts?${query}`);
    expect(status).toBe(200);
    expect((body as AlertsBody).alerts.map((a) => a.id)).toEqual(ids);
  });

  it.each([
    ['limit=4', 'limit: must be at most 3'],
    ['rule=flood', 'rule: must be one of silent, drop, spike'],
    ['state=closed', 'state: must be open or resolved'],
    [`from=${T0 + W}&to=${T0}`, 'from: must not be after to'],
    ['branch=a:b', 'branch: must not contain'],
  ])('rejects %s with 400', async (query, message) => {
    const { status, body } = await gw.get(`/api/alerts?${query}`);
    expect(status).toBe(400);
    expect((body as { message: string }).message).toContain(message);
  });

  it('reads at most ALERTS_MAX_EVENTS_READ events per request, the newest', async () => {
    const before = process.env['ALERTS_MAX_EVENTS_READ'];
    process.env['ALERTS_MAX_EVENTS_READ'] = '2';
    const small = await startGateway({ redisServer: gw.redisServer });
    try {
      for (const e of [event('drop', 'sunae', T0, 'open'), event('drop', 'seohyeon', T0 + W, 'open'), event('spike', 'jeongja', T0 + 2 * W, 'open')]) {
        await small.redis.xadd(small.keys.alertsStream, '*', 'id', e.id, 'alert', JSON.stringify(e));
      }
      const { status, body } = await small.get('/api/alerts');
      expect(status).toBe(200);
      expect((body as AlertsBody).alerts.map((a) => a.id)).toEqual([`spike:jeongja:${T0 + 2 * W}`, `drop:seohyeon:${T0 + W}`]);
    } finally {
      await small.close();
      if (before === undefined) {
        delete process.env['ALERTS_MAX_EVENTS_READ'];
      } else {
        process.env['ALERTS_MAX_EVENTS_READ'] = before;
      }
    }
  });

  it('ranks each window, ties broken by name, zero counts left out', async () => {
    const { status, body } = await gw.get(`/api/top?type=Orders&n=2&from=${T0}&to=${T0 + 2 * W - 1}`);
    expect(status).toBe(200);
    const windows = (body as TopBody).windows;
    expect(windows.map((w) => w.start)).toEqual([T0, T0 + W]);
    // First window: Americano 2 and Espresso 2 tie (by name), Caffe Latte 1 is third.
    expect(windows[0]?.top).toEqual([
      { rank: 1, name: 'Americano', count: 2 },
      { rank: 2, name: 'Espresso', count: 2 },
    ]);
    expect(windows[1]?.top).toEqual([{ rank: 1, name: 'Caffe Mocha', count: 3 }]);
    const sunae = await gw.get(`/api/top?branch=sunae&type=Orders&n=5&from=${T0}&to=${T0}`);
    expect((sunae.body as TopBody).windows[0]?.top.map((p) => p.name)).toEqual(['Caffe Latte', 'Espresso']);
  });

  it('serves a cached ranking until TOP_CACHE_MS, for the same windows', async () => {
    const path = `/api/top?type=Orders&n=1&from=${T0 + 2 * W}&to=${T0 + 2 * W}`;
    expect((await gw.get(path)).body).toMatchObject({ windows: [{ top: [] }] });
    await gw.seed([{ branch: 'jeongja', orders: ['Flat White'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 + 2 * W + 1 }]);
    expect((await gw.get(path)).body).toMatchObject({ windows: [{ top: [] }] });
    // Other instants inside the same window share the cached answer, which names the window's span, not one caller's bounds.
    const covered = { from: T0 + 2 * W, to: T0 + 3 * W - 1 };
    expect((await gw.get(path)).body).toMatchObject(covered);
    expect((await gw.get(`/api/top?type=Orders&n=1&from=${T0 + 2 * W + 5}&to=${T0 + 2 * W + 9}`)).body).toMatchObject({ ...covered, windows: [{ top: [] }] });
    expect((await gw.get(`/api/top?type=Orders&n=2&from=${T0 + 2 * W}&to=${T0 + 2 * W}`)).body).toMatchObject({
      windows: [{ top: [{ name: 'Flat White', count: 1 }] }],
    });
  });

  it.each([
    ['n=6', 'n: must be at most 5'],
    ['type=Muffins', 'type:'],
    [`from=${T0}&to=${T0 + 100 * W}`, 'at most 100 (TOP_MAX_WINDOWS)'],
    ['resolution=7s', 'resolution: unknown resolution'],
  ])('rejects top %s with 400', async (query, message) => {
    const { status, body } = await gw.get(`/api/top?${query}`);
    expect(status).toBe(400);
    expect((body as { message: string }).message).toContain(message);
  });

  it('pushes each alert event written on the alerts channel to socket.io clients as `alert`', async () => {
    const socket = await connectClient(gw.baseUrl);
    const received: AlertEvent[] = [];
    socket.on('alert', (payload: AlertEvent) => received.push(payload));
    try {
      const pushed = event('spike', '*', T0 + 20 * W, 'open');
      await expectEventually(async () => {
        await gw.redis.publish(gw.keys.alertsChannel, JSON.stringify(pushed));
        expect(received.length).toBeGreaterThan(0);
      });
      expect(received[0]).toMatchObject({ id: pushed.id, branch: 'all', state: 'open' });
      await gw.redis.publish(gw.keys.alertsChannel, 'not json');
    } finally {
      socket.disconnect();
    }
  });
});
