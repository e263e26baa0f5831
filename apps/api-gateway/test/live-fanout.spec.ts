// Covers live statistics over socket.io on real Redis and real sockets: 200 clients on 4 branches, a stalled and a paused client (bounded, never delaying others), snapshots, re-subscription, type filters, `all`, and two gateways side by side.
import type { LiveStatisticsBody } from '@coffee/aggregation';
import { expectEventually } from '@coffee/testing';
import type { Socket } from 'socket.io-client';
import { bufferedBytes } from '../src/live/client-outbox';
import { LiveClientRegistry } from '../src/live/live-client-registry';
import { awayFromWindowEnd, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { connectClient, PollingClient, type PolledEvent } from './live-test-clients';

// Real Redis and sockets on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const CLIENTS = 200;
const ROUNDS = 40;
const WINDOWS = 4;
const MAX_BUFFERED = 4096;
const MAX_PENDING = 6;

interface Received {
  body: LiveStatisticsBody;
  at: number;
}

function grade(body: LiveStatisticsBody): number {
  return body.stats.CustomerAgeGrades['2030'] ?? 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitForSubscriber(gw: GatewayHarness): Promise<void> {
  await expectEventually(async () => {
    const reply = (await gw.redis.call('PUBSUB', 'NUMSUB', gw.keys.liveChannel)) as [string, number];
    expect(Number(reply[1])).toBeGreaterThanOrEqual(1);
  });
}

function record(socket: Socket): Received[] {
  const received: Received[] = [];
  socket.on('stats', (body: LiveStatisticsBody) => received.push({ body, at: Date.now() }));
  return received;
}

describe('live fan-out', () => {
  let gw: GatewayHarness;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    gw = await startGateway({ env: { WS_MAX_BUFFERED: String(MAX_BUFFERED), WS_MAX_PENDING: String(MAX_PENDING) } });
    await waitForSubscriber(gw);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) {
      socket.disconnect();
    }
  });

  afterAll(async () => {
    await gw.close();
  });

  it('delivers each client exactly its branch, ending at the last totals, while stalled clients stay bounded', async () => {
    const t = Date.now();
    const windows = Array.from({ length: WINDOWS }, (_, w) => gw.windowing.windowAt(t + w * gw.windowing.windowSizeMs));
    const clients: { socket: Socket; branch: string; received: Received[] }[] = [];
    for (let batch = 0; batch < CLIENTS; batch += 50) {
      const connected = await Promise.all(Array.from({ length: 50 }, () => connectClient(gw.baseUrl)));
      for (const [i, socket] of connected.entries()) {
        sockets.push(socket);
        clients.push({ socket, branch: BRANCHES[(batch + i) % BRANCHES.length], received: record(socket) });
      }
    }
    const acks = await Promise.all(clients.map(({ socket, branch }) => socket.emitWithAck('subscribe', { branches: [branch] }) as Promise<unknown>));
    expect(acks.every((ack) => (ack as { ok: boolean }).ok)).toBe(true);
    // Everyone first gets the current window's totals (nothing stored yet: empty).
    await expectEventually(() => expect(clients.every((c) => c.received.length >= 1)).toBe(true));

    // A client that never polls again after subscribing, and one whose TCP socket stops reading.
    const stalled = await PollingClient.connect(gw.baseUrl);
    await stalled.emit('subscribe', { branches: BRANCHES });
    await expectEventually(async () => expect((await stalled.events()).length).toBeGreaterThan(0));
    const paused = await connectClient(gw.baseUrl);
    sockets.push(paused);
    const pausedReceived = record(paused);
    await paused.emitWithAck('subscribe', { branches: BRANCHES });
    await expectEventually(() => expect(pausedReceived.length).toBe(BRANCHES.length));
    const pausedTcp: unknown = Reflect.get(Reflect.get(Reflect.get(paused.io.engine, 'transport') as object, 'ws') as object, '_socket');
    (pausedTcp as { pause(): void }).pause();

    let published = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const window = windows[Math.floor(((round - 1) * WINDOWS) / ROUNDS)];
      for (const branch of BRANCHES) {
        await gw.channel.publish(liveBody(gw.windowing, branch, window.start, { '2030': round }, { sentAt: Date.now() }));
        published += 1;
      }
      // Publishing at a steady pace (about 4 packets per 2 ms), like a busy processor.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const last = windows[WINDOWS - 1].date;

    await expectEventually(
      () => {
        for (const client of clients) {
          const final = client.received[client.received.length - 1]?.body;
          expect([client.branch, final?.date, final && grade(final)]).toEqual([client.branch, last, ROUNDS]);
        }
      },
      { timeoutMs: 30_000 },
    );

    const latencies: number[] = [];
    let complete = 0;
    for (const client of clients) {
      const live = client.received.filter((r) => typeof Reflect.get(r.body, 'sentAt') === 'number');
      expect(client.received.every((r) => r.body.branch === client.branch)).toBe(true);
      const grades = live.map((r) => grade(r.body));
      expect(grades).toEqual([...grades].sort((a, b) => a - b));
      complete += grades.length === ROUNDS ? 1 : 0;
      for (const r of live) {
        latencies.push(r.at - Number(Reflect.get(r.body, 'sentAt')));
      }
    }
    latencies.sort((a, b) => a - b);
    process.stdout.write(
      `live fan-out: ${published} packets to ${CLIENTS} clients; ${complete}/${CLIENTS} got every update uncoalesced; ` +
        `publish→receive p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (not asserted)\n`,
    );

    // The stalled and paused clients cost bounded memory: a few KiB queued plus at most MAX_PENDING updates.
    const registry = gw.app.get(LiveClientRegistry);
    const stalledState = registry.get(stalled.socketId);
    if (stalledState === undefined) {
      throw new Error('the stalled client is not registered');
    }
    expect(stalledState.outbox.size).toBeGreaterThan(0);
    expect(registry.maxPendingPerClient()).toBeLessThanOrEqual(MAX_PENDING);
    expect(bufferedBytes(stalledState.socket)).toBeLessThan(MAX_BUFFERED + 2048);
    const metrics = String((await gw.get('/api/metrics')).body);
    const figure = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(figure('coffee_gateway_ws_packets_coalesced_total')).toBeGreaterThan(0);
    expect(figure('coffee_gateway_ws_packets_dropped_total')).toBeGreaterThan(0);
    expect(figure('coffee_gateway_ws_pending_updates')).toBeGreaterThan(0);
    expect(figure('coffee_gateway_ws_pending_updates')).toBeLessThanOrEqual(2 * MAX_PENDING);
    expect(figure('coffee_gateway_live_packets_received_total')).toBe(published);
    expect(figure('coffee_gateway_ws_clients')).toBe(CLIENTS + 2);

    // Once they read again, both catch up to the latest totals of the last window of every branch.
    const stalledSeen = new Map<string, PolledEvent>();
    await expectEventually(
      async () => {
        for (const event of await stalled.events()) {
          if (event.event === 'stats') {
            stalledSeen.set((event.payload as LiveStatisticsBody).branch, event);
          }
        }
        for (const branch of BRANCHES) {
          const body = stalledSeen.get(branch)?.payload as LiveStatisticsBody | undefined;
          expect([branch, body?.date, body && grade(body)]).toEqual([branch, last, ROUNDS]);
        }
      },
      { timeoutMs: 20_000 },
    );
    (pausedTcp as { resume(): void }).resume();
    await expectEventually(() => {
      for (const branch of BRANCHES) {
        const latest = pausedReceived.filter((r) => r.body.branch === branch).pop()?.body;
        expect([branch, latest?.date, latest && grade(latest)]).toEqual([branch, last, ROUNDS]);
      }
    });
    await stalled.close();
  }, 90_000);

  it('sends current totals on subscribe, replaces subscriptions, filters types and names the roll-up all', async () => {
    await awayFromWindowEnd(gw.windowing);
    const now = Date.now();
    await gw.seed([
      { branch: 'sunae', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '4050', timestamp: now },
      { branch: 'migeum', orders: ['Espresso'], paymentMethod: 'Debit', customerAgeGrade: '2030', timestamp: now },
    ]);
    const socket = await connectClient(gw.baseUrl);
    sockets.push(socket);
    const received = record(socket);
    expect(await socket.emitWithAck('subscribe', { branches: ['sunae'], types: ['Orders'] })).toEqual({ ok: true, branches: ['sunae'], types: ['Orders'] });
    await expectEventually(() => expect(received).toHaveLength(1));
    const snapshot = received[0].body;
    expect(snapshot).toMatchObject({ branch: 'sunae', date: gw.windowing.windowAt(now).date, resolution: '30s', final: false });
    expect(snapshot.stats).toEqual({ Orders: { Americano: 1 } });

    expect(await socket.emitWithAck('subscribe', { branches: ['all', 'migeum'] })).toMatchObject({ ok: true, branches: ['all', 'migeum'] });
    await expectEventually(() => expect(received).toHaveLength(3));
    const byBranch = new Map(received.slice(1).map((r) => [r.body.branch, r.body]));
    expect(byBranch.get('all')?.stats.Orders).toEqual({ Americano: 1, Espresso: 1 });
    expect(byBranch.get('migeum')?.stats.PaymentMethods).toEqual({ Debit: 1 });

    await gw.channel.publish(liveBody(gw.windowing, 'sunae', now, { '4050': 9 }));
    await gw.channel.publish(liveBody(gw.windowing, '*', now, { '4050': 10 }));
    await expectEventually(() => expect(received).toHaveLength(4));
    expect(received[3].body).toMatchObject({ branch: 'all', counts: [{ type: '4050', count: 10 }] });

    expect(await socket.emitWithAck('subscribe', { branches: ['a:b'] })).toEqual({ ok: false, message: expect.stringMatching(/^branches: /) });
    expect(await socket.emitWithAck('subscribe', { branches: ['sunae'], types: ['Nope'] })).toEqual({ ok: false, message: expect.stringMatching(/^types: /) });
    expect(await socket.emitWithAck('subscribe', 'jeongja')).toEqual({ ok: false, message: expect.stringMatching(/^branches: /) });
  });

  it('serves clients of two gateways side by side from one Redis', async () => {
    const other = await startGateway({ redisServer: gw.redisServer, env: { KEY_PREFIX: gw.keys.prefix } });
    try {
      await waitForSubscriber(other);
      const pairs = await Promise.all(
        [gw, other].flatMap((g) => Array.from({ length: 5 }, () => connectClient(g.baseUrl))).map(async (pending) => {
          const socket = await pending;
          sockets.push(socket);
          const received = record(socket);
          await socket.emitWithAck('subscribe', { branches: ['jeongja'] });
          return received;
        }),
      );
      const t = Date.now();
      for (let round = 1; round <= 5; round += 1) {
        await gw.channel.publish(liveBody(gw.windowing, 'jeongja', t, { '2030': 100 + round }, { sentAt: Date.now() }));
      }
      await expectEventually(() => {
        for (const received of pairs) {
          expect(grade(received[received.length - 1].body)).toBe(105);
        }
      });
    } finally {
      await other.close();
    }
  });
});
