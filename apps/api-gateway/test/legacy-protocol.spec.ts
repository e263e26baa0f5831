// Covers the original browser protocol over socket.io: REQUEST_STATISTICS_HISTORY → RESPONSE_STATISTICS_HISTORY, then live PUBLISH_STATISTICS packets in the original shape, for any branch and type.
import { expectEventually } from '@coffee/testing';
import type { Socket } from 'socket.io-client';
import { awayFromWindowEnd, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { connectClient } from './live-test-clients';

// Real Redis and sockets on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

interface Packet {
  header: string;
  body: Record<string, unknown>;
}

describe('original {header, body} protocol', () => {
  let gw: GatewayHarness;
  let socket: Socket;
  let messages: Packet[];

  beforeAll(async () => {
    gw = await startGateway();
    await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
  });

  beforeEach(async () => {
    socket = await connectClient(gw.baseUrl);
    messages = [];
    socket.on('message', (packet: Packet) => messages.push(packet));
  });

  afterEach(() => {
    socket.disconnect();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('answers history (count windows, oldest first, ending with the current one), then streams that branch and type', async () => {
    await awayFromWindowEnd(gw.windowing);
    const now = Date.now();
    const current = gw.windowing.windowAt(now);
    const previous = gw.windowing.windowAt(current.start - 1);
    await gw.seed([
      { branch: 'seohyeon', orders: ['Americano', 'Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: previous.start + 5 },
      { branch: 'seohyeon', orders: ['Flat White'], paymentMethod: 'Credit', customerAgeGrade: '1020', timestamp: current.start },
    ]);
    socket.send({ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'seohyeon', type: 'Orders', count: 3 } });
    await expectEventually(() => expect(messages).toHaveLength(1));
    const response = messages[0];
    expect(response.header).toBe('RESPONSE_STATISTICS_HISTORY');
    expect(response.body).toMatchObject({ branch: 'seohyeon', type: 'Orders' });
    const history = response.body['history'] as { branch: string; date: string; counts: { type: string; count: number }[] }[];
    expect(history.map((h) => h.date)).toEqual([gw.windowing.windowAt(previous.start - 1).date, previous.date, current.date]);
    expect(history.every((h) => h.branch === 'seohyeon')).toBe(true);
    const counted = (i: number): Record<string, number> => Object.fromEntries(history[i].counts.filter((c) => c.count > 0).map((c) => [c.type, c.count]));
    expect(counted(0)).toEqual({});
    expect(counted(1)).toEqual({ Americano: 2 });
    expect(counted(2)).toEqual({ 'Flat White': 1 });
    expect(history[2].counts).toContainEqual({ type: 'Espresso', count: 0 });

    await gw.channel.publish(liveBody(gw.windowing, 'jeongja', now, { '2030': 1 }));
    const body = liveBody(gw.windowing, 'seohyeon', now, { '1020': 1 });
    body.stats.Orders = { 'Flat White': 1, Americano: 4 };
    await gw.channel.publish(body);
    await expectEventually(() => expect(messages).toHaveLength(2));
    expect(messages[1]).toEqual({
      header: 'PUBLISH_STATISTICS',
      body: { branch: 'seohyeon', date: current.date, type: 'Orders', counts: [{ type: 'Flat White', count: 1 }, { type: 'Americano', count: 4 }] },
    });
  });

  it('serves the original age-grade packets of the all-branches roll-up', async () => {
    socket.send({ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'all', type: 'CustomerAgeGrades', count: 1 } });
    await expectEventually(() => expect(messages).toHaveLength(1));
    expect((messages[0].body['history'] as unknown[]).length).toBe(1);
    await gw.channel.publish(liveBody(gw.windowing, '*', Date.now(), { '2030': 3 }));
    await expectEventually(() => expect(messages).toHaveLength(2));
    expect(messages[1]).toMatchObject({ header: 'PUBLISH_STATISTICS', body: { branch: 'all', counts: [{ type: '2030', count: 3 }] } });
  });

  it.each([
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'a:b', type: 'Orders', count: 3 } }, /^branch: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Nope', count: 3 } }, /^type: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Orders', count: 0 } }, /^count: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'Orders', count: 1e9 } }, /^count: /],
    [{ header: 'REQUEST_STATISTICS_HISTORY', body: 'x' }, /^body: /],
    [{ header: 'HELLO', body: {} }, /^header: /],
    ['not a packet', /^header: /],
  ])('answers %j with an ERROR packet', async (request, message) => {
    socket.send(request);
    await expectEventually(() => expect(messages).toHaveLength(1));
    expect(messages[0].header).toBe('ERROR');
    expect(String(messages[0].body['message'])).toMatch(message);
  });
});
