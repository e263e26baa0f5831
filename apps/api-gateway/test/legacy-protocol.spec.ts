// Covers the original browser protocol against the real gateway on real Redis: the 2014 page's exact messages (socket.io 4 and the page's own socket.io 1.x client over Engine.IO 3), history as the array of 20 windows oldest first, live dates that never go back across window boundaries, original CounterBolt packets reaching both kinds of client, no leak between the two protocols, ERROR replies.
import type { CountableOrder, WindowRange } from '@coffee/aggregation';
import { expectEventually } from '@coffee/testing';
import { io, type Socket } from 'socket.io-client';
import ioV1 from 'socket.io-client-v1';
import { LiveClientRegistry } from '../src/live/live-client-registry';
import { awayFromWindowEnd, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { connectClient } from './live-test-clients';
import { barCounts, MAX_BARS, OriginalPage, type Bar, type Packet } from './support/original-page';

// Real Redis and sockets on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

function order(t: number, customerAgeGrade: string, branch = 'jeongja'): CountableOrder {
  return { branch, orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade, timestamp: t };
}

describe('original {header, body} protocol', () => {
  let gw: GatewayHarness;
  const closers: (() => void)[] = [];
  let windows: WindowRange[];

  /** The 20 base windows a history request made now answers, oldest first, and the two after them. */
  function windowsFromNow(): WindowRange[] {
    const list = [gw.windowing.windowAt(Date.now())];
    while (list.length < MAX_BARS) {
      list.unshift(gw.windowing.windowAt(list[0].start - 1));
    }
    list.push(gw.windowing.windowAt(list[MAX_BARS - 1].end));
    list.push(gw.windowing.windowAt(list[MAX_BARS].end));
    return list;
  }

  async function dashboardClient(branches: string[], types?: string[]): Promise<{ socket: Socket; stats: Record<string, unknown>[]; messages: unknown[] }> {
    const socket = await connectClient(gw.baseUrl);
    closers.push(() => socket.disconnect());
    const stats: Record<string, unknown>[] = [];
    const messages: unknown[] = [];
    socket.on('stats', (body: Record<string, unknown>) => stats.push(body));
    socket.on('message', (packet: unknown) => messages.push(packet));
    await socket.emitWithAck('subscribe', { branches, types });
    return { socket, stats, messages };
  }

  async function openPage(): Promise<{ page: OriginalPage; stats: unknown[] }> {
    const socket = io(gw.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
    closers.push(() => socket.disconnect());
    const page = new OriginalPage(socket);
    const stats: unknown[] = [];
    socket.on('stats', (body: unknown) => stats.push(body));
    await expectEventually(() => expect(page.dataset).toHaveLength(MAX_BARS));
    return { page, stats };
  }

  beforeAll(async () => {
    gw = await startGateway();
    await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
  });

  beforeEach(async () => {
    await awayFromWindowEnd(gw.windowing, 5_000);
    windows = windowsFromNow();
  });

  afterEach(() => {
    for (const close of closers.splice(0)) {
      close();
    }
  });

  afterAll(async () => {
    await gw.close();
  });

  it('answers the page: RESPONSE_AUTH, then 20 windows oldest first as an array, then live packets whose dates never go back across two window boundaries', async () => {
    const [oldest, , , , , , , , , , , , , , , middle] = windows;
    const current = windows[MAX_BARS - 1];
    await gw.seed([order(oldest.start, '2030'), order(oldest.start + 1, '2030'), order(middle.start, '4050'), order(current.start, '1020'), order(current.start, '1020', 'sunae')]);
    const { page, stats } = await openPage();

    expect(page.headers.slice(0, 2)).toEqual(['RESPONSE_AUTH', 'RESPONSE_STATISTICS_HISTORY']);
    expect(page.received[0]).toEqual({ header: 'RESPONSE_AUTH', body: { status: 'ok' } });
    const history = page.received[1].body as Bar[];
    expect(Array.isArray(history)).toBe(true);
    expect(history.map((bar) => bar.date)).toEqual(windows.slice(0, MAX_BARS).map((w) => w.date));
    expect(history.every((bar) => bar.branch === 'jeongja' && Object.keys(bar).sort().join() === 'branch,counts,date')).toBe(true);
    expect(barCounts(history[0])).toEqual({ '2030': 2 });
    expect(history[0].counts).toEqual([{ type: '2030', count: 2 }]);
    expect(barCounts(history[15])).toEqual({ '4050': 1 });
    expect(history[1].counts).toEqual([]);
    expect(barCounts(history[MAX_BARS - 1])).toEqual({ '1020': 1 });
    const rest = await gw.get('/api/stats?branch=jeongja&type=CustomerAgeGrades&last=20');
    const restWindows = (rest.body as { windows: { date: string; counts: Record<string, number> }[] }).windows;
    expect(history.map((bar) => [bar.date, barCounts(bar)])).toEqual(
      restWindows.map((w) => [w.date, Object.fromEntries(Object.entries(w.counts).filter(([, count]) => count !== 0))]),
    );

    // Windows driven by published event-time packets: the processor closes a window (final) after the next one has started.
    const [w0, w1, w2] = [current, windows[MAX_BARS], windows[MAX_BARS + 1]];
    const publish = (branch: string, w: WindowRange, grades: Record<string, number>, final = false) => gw.channel.publish(liveBody(gw.windowing, branch, w.start, grades, { final }));
    await publish('jeongja', w0, { '1020': 2 });
    await publish('sunae', w1, { '7080': 1 });
    await publish('jeongja', w1, { '0010': 1 });
    await publish('jeongja', w0, { '1020': 3 }, true);
    await publish('jeongja', w2, { '3040': 2 });
    await publish('jeongja', w1, { '0010': 2 }, true);
    await publish('jeongja', w2, { '3040': 3 });
    await expectEventually(() => expect(barCounts(page.dataset[MAX_BARS - 1])).toEqual({ '3040': 3 }));

    expect(page.live.map((bar) => bar.date)).toEqual([w0.date, w1.date, w2.date, w2.date]);
    expect(page.live.every((bar) => bar.branch === 'jeongja')).toBe(true);
    expect(page.dataset.map((bar) => bar.date)).toEqual(windows.slice(2).map((w) => w.date));
    expect(barCounts(page.dataset[MAX_BARS - 3])).toEqual({ '1020': 2 });
    expect(barCounts(page.dataset[MAX_BARS - 2])).toEqual({ '0010': 1 });
    expect(page.errors).toEqual([]);
    expect(stats).toEqual([]);
  });

  it('serves the page its own socket.io 1.x client over Engine.IO 3 (polling, then upgrade)', async () => {
    await gw.seed([order(windows[MAX_BARS - 1].start, '9999')]);
    const socket = ioV1(gw.baseUrl, { forceNew: true, reconnection: false });
    closers.push(() => socket.disconnect());
    const page = new OriginalPage(socket);
    await expectEventually(() => expect(page.dataset).toHaveLength(MAX_BARS));
    expect(page.headers.slice(0, 2)).toEqual(['RESPONSE_AUTH', 'RESPONSE_STATISTICS_HISTORY']);
    expect(barCounts(page.dataset[MAX_BARS - 1])).toMatchObject({ '9999': 1 });
    const server = gw.app.get(LiveClientRegistry).io.sockets.sockets.get(socket.id);
    expect(server?.conn.protocol).toBe(3);

    await gw.channel.publish(liveBody(gw.windowing, 'jeongja', windows[MAX_BARS].start, { '9999': 4 }));
    await expectEventually(() => expect(page.dataset[MAX_BARS - 1]).toMatchObject({ date: windows[MAX_BARS].date, counts: [{ type: '9999', count: 4 }] }));
    await expectEventually(() => expect(socket.io.engine.transport.name).toBe('websocket'));
    expect(page.errors).toEqual([]);
    // The page loads its client from the server it talks to; the gateway serves one (socket.io 4's, which has io.connect).
    const script = await gw.get('/socket.io/socket.io.js');
    expect(script.status).toBe(200);
    expect(String(script.body)).toMatch(/connect/);
  });

  it('forwards an original CounterBolt packet to the page and, as age grades only, to dashboard clients, never leaking one protocol into the other', async () => {
    const { page } = await openPage();
    const dashboard = await dashboardClient(['jeongja']);
    const ordersOnly = await dashboardClient(['jeongja'], ['Orders']);
    const w0 = windows[MAX_BARS - 1];
    const counterBolt = `{"header":"PUBLISH_STATISTICS","body":{"branch":"jeongja","date":"${w0.date}","counts":[{"type":"2030","count":3},{"type":"1020","count":1}]}}`;
    await gw.redis.publish(gw.keys.liveChannel, counterBolt);
    await gw.channel.publish(liveBody(gw.windowing, 'jeongja', w0.start, { '2030': 9 }, { marker: true }));
    await expectEventually(() => {
      expect(page.live.map((bar) => barCounts(bar))).toEqual([{ '2030': 3, '1020': 1 }, { '2030': 9 }]);
      expect(dashboard.stats.filter((body) => body['marker'] === true)).toHaveLength(1);
      expect(ordersOnly.stats.filter((body) => body['marker'] === true)).toHaveLength(1);
    });
    expect(page.live[0]).toEqual({ branch: 'jeongja', date: w0.date, counts: [{ type: '2030', count: 3 }, { type: '1020', count: 1 }], type: 'CustomerAgeGrades' });
    expect(dashboard.stats.filter((body) => !('final' in body))).toEqual([
      {
        branch: 'jeongja',
        date: w0.date,
        counts: [{ type: '2030', count: 3 }, { type: '1020', count: 1 }],
        start: w0.start,
        end: w0.end,
        resolution: gw.windowing.baseResolution,
        stats: { CustomerAgeGrades: { '2030': 3, '1020': 1 } },
      },
    ]);
    expect(ordersOnly.stats.filter((body) => !('final' in body))).toEqual([]);
    expect([...dashboard.messages, ...ordersOnly.messages]).toEqual([]);
    expect((await gw.get('/api/metrics')).body).toMatch(/^coffee_gateway_live_malformed_packets\{[^}]*\} 0$/m);
  });

  it.each<[unknown, string, RegExp]>([
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'a:b', type: 'Orders', count: 3 } }, 'INVALID_PARAMETER', /^branch: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Nope', count: 3 } }, 'INVALID_PARAMETER', /^type: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Orders', count: 0 } }, 'INVALID_PARAMETER', /^count: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Orders', count: 1e9 } }, 'INVALID_PARAMETER', /^count: must be at most 10000/],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: 'x' }, 'INVALID_PARAMETER', /^body: /],
    [{ header: 'HELLO', body: {} }, 'UNKNOWN_REQUEST', /^header: /],
    ['not a packet', 'UNKNOWN_REQUEST', /^header: /],
  ])('answers %j with an ERROR packet', async (request, code, message) => {
    const socket = await connectClient(gw.baseUrl);
    closers.push(() => socket.disconnect());
    const messages: Packet[] = [];
    socket.on('message', (packet: Packet) => messages.push(packet));
    socket.send(request);
    await expectEventually(() => expect(messages).toHaveLength(1));
    expect(messages[0]).toMatchObject({ header: 'ERROR', body: { code } });
    expect(String((messages[0].body as { message: string }).message)).toMatch(message);
  });

  it('serves other types and the all-branches roll-up the same way', async () => {
    const socket = await connectClient(gw.baseUrl);
    closers.push(() => socket.disconnect());
    const messages: Packet[] = [];
    socket.on('message', (packet: Packet) => messages.push(packet));
    socket.send({ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'all', type: 'Orders', count: 2 } });
    await expectEventually(() => expect(messages).toHaveLength(1));
    expect((messages[0].body as Bar[]).map((bar) => [bar.branch, bar.date])).toEqual(windows.slice(MAX_BARS - 2, MAX_BARS).map((w) => ['all', w.date]));
    const body = liveBody(gw.windowing, '*', windows[MAX_BARS - 1].start, { '2030': 3 });
    body.stats.Orders = { Americano: 4 };
    await gw.channel.publish(body);
    await expectEventually(() => expect(messages).toHaveLength(2));
    expect(messages[1]).toEqual({ header: 'PUBLISH_STATISTICS', body: { branch: 'all', date: windows[MAX_BARS - 1].date, counts: [{ type: 'Americano', count: 4 }], type: 'Orders' } });
  });
});
