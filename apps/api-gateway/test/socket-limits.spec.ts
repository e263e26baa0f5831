// Covers per-connection limits on socket.io reads on real Redis: a burst of `subscribe` reads snapshots once; for original-protocol history, a client that floods REQUEST_STATISTICS_HISTORY and does not read is held to WS_MAX_INFLIGHT requests and its outbox (bounded bytes, re-checked as it drains), every request beyond gets an ERROR, it gets every accepted answer once it reads; live packets queued behind an answer keep their dates moving forward; a failed read is a typed ERROR.
import { STATISTIC_TYPES } from '@coffee/aggregation';
import { expectEventually } from '@coffee/testing';
import { bufferedBytes } from '../src/live/client-outbox';
import { LiveClientRegistry, type LiveClient } from '../src/live/live-client-registry';
import { awayFromWindowEnd, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { PollingClient, type PolledEvent } from './live-test-clients';

// Real Redis and sockets on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

const MAX_INFLIGHT = 2;
const MAX_BUFFERED = 4096;
const MAX_WINDOWS = 400;

interface Packet {
  header: string;
  body: unknown;
}

const request = { header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'CustomerAgeGrades', count: MAX_WINDOWS } };

function packets(events: readonly PolledEvent[], header: string): Packet[] {
  return events.filter((e) => e.event === 'message').map((e) => e.payload as Packet).filter((p) => p.header === header);
}

describe('socket.io read limits', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({ env: { WS_MAX_INFLIGHT: String(MAX_INFLIGHT), WS_MAX_BUFFERED: String(MAX_BUFFERED), MAX_WINDOWS: String(MAX_WINDOWS) } });
    await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
  });

  afterAll(async () => {
    await gw.close();
  });

  it('holds a flooding client that does not read to WS_MAX_INFLIGHT requests and a bounded outbox, answering the rest with ERROR', async () => {
    const flooder = await PollingClient.connect(gw.baseUrl);
    const registry = gw.app.get(LiveClientRegistry);
    const state = (): LiveClient => {
      const client = registry.get(flooder.socketId);
      if (client === undefined) {
        throw new Error('the flooding client is not registered');
      }
      return client;
    };

    // One answer of the largest allowed size (~22 KB) fills the client's buffer: it reads nothing.
    await flooder.sendMany('message', [request]);
    await expectEventually(() => {
      expect(bufferedBytes(state().socket)).toBeGreaterThan(MAX_BUFFERED);
      expect(state().legacyInFlight).toBe(0);
    });
    // 50 more in one POST: two are taken in flight and wait for room (nothing read from Redis for them yet), the rest are refused.
    await flooder.sendMany('message', Array.from({ length: 50 }, () => request));
    await expectEventually(() => {
      expect(state().legacyInFlight).toBe(MAX_INFLIGHT);
      expect(state().outbox.waiting).toBe(1);
      expect(state().outbox.size).toBe(1);
    });
    const stalledBytes = bufferedBytes(state().socket);

    const events: PolledEvent[] = [];
    await expectEventually(
      async () => {
        if (bufferedBytes(state().socket) > 0) {
          events.push(...(await flooder.events()));
        }
        expect(packets(events, 'RESPONSE_STATISTICS_HISTORY')).toHaveLength(1 + MAX_INFLIGHT);
        expect(state().legacyInFlight).toBe(0);
      },
      { timeoutMs: 20_000 },
    );
    const answers = packets(events, 'RESPONSE_STATISTICS_HISTORY');
    const answerBytes = JSON.stringify(answers[0].body).length;
    expect(answerBytes).toBeGreaterThan(5 * MAX_BUFFERED);
    expect(answers.every((answer) => Array.isArray(answer.body) && answer.body.length === MAX_WINDOWS)).toBe(true);
    // Stalled, the server held one answer and one coalesced refusal: not one answer per request.
    expect(stalledBytes).toBeLessThan(answerBytes + MAX_BUFFERED);
    const errors = packets(events, 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0].body).toMatchObject({ request: 'REQUEST_STATISTICS_HISTORY', code: 'TOO_MANY_REQUESTS' });
    expect((errors[0].body as { message: string }).message).toMatch(/at most 2 requests in flight per connection/);
    await flooder.close();
  });

  it('answers a history request that the stats service cannot serve with a typed ERROR, and serves again afterwards', async () => {
    const client = await PollingClient.connect(gw.baseUrl);
    await gw.redisServer.kill();
    await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(503));
    await client.sendMany('message', [request]);
    await expectEventually(async () => {
      const [error] = packets(await client.events(), 'ERROR');
      expect(error?.body).toEqual({ request: 'REQUEST_STATISTICS_HISTORY', code: 'UNAVAILABLE', message: 'history unavailable: redis: unavailable' });
    });
    await gw.redisServer.start();
    await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
    await client.sendMany('message', [request]);
    await expectEventually(async () => expect(packets(await client.events(), 'RESPONSE_STATISTICS_HISTORY')).toHaveLength(1));
    await client.close();
  });

  it('queues live packets behind a waiting answer, coalesced, their dates never going back', async () => {
    await expectEventually(async () => {
      const reply = (await gw.redis.call('PUBSUB', 'NUMSUB', gw.keys.liveChannel)) as [string, number];
      expect(Number(reply[1])).toBe(1);
    });
    await awayFromWindowEnd(gw.windowing, 5_000);
    const now = Date.now();
    const w0 = gw.windowing.windowAt(now);
    const w1 = gw.windowing.windowAt(w0.end);
    const w2 = gw.windowing.windowAt(w1.end);
    const client = await PollingClient.connect(gw.baseUrl);
    const state = gw.app.get(LiveClientRegistry).get(client.socketId);
    await client.sendMany('message', [request]);
    await expectEventually(() => expect(state?.legacyRooms.size).toBe(1));
    const publish = (w: { start: number }, grades: Record<string, number>, final = false) => gw.channel.publish(liveBody(gw.windowing, 'jeongja', w.start, grades, { final }));
    await publish(w0, { '2030': 1 });
    await publish(w1, { '2030': 1 });
    await publish(w0, { '2030': 2 }, true);
    await publish(w1, { '2030': 2 });
    await publish(w2, { '2030': 1 });
    await publish(w1, { '2030': 3 }, true);
    await publish(w2, { '2030': 2 });
    await expectEventually(() => expect(state?.outbox.size).toBe(3));

    const events: PolledEvent[] = [];
    await expectEventually(async () => {
      events.push(...(await client.events()));
      expect(packets(events, 'PUBLISH_STATISTICS').map((p) => (p.body as { date: string }).date)).toContain(w2.date);
    });
    expect(events.map((e) => (e.payload as Packet).header)).toEqual(['RESPONSE_STATISTICS_HISTORY', 'PUBLISH_STATISTICS', 'PUBLISH_STATISTICS', 'PUBLISH_STATISTICS']);
    expect(packets(events, 'PUBLISH_STATISTICS').map((p) => p.body)).toEqual([
      { branch: 'jeongja', date: w0.date, counts: [{ type: '2030', count: 1 }], type: 'CustomerAgeGrades' },
      { branch: 'jeongja', date: w1.date, counts: [{ type: '2030', count: 2 }], type: 'CustomerAgeGrades' },
      { branch: 'jeongja', date: w2.date, counts: [{ type: '2030', count: 2 }], type: 'CustomerAgeGrades' },
    ]);
    await client.close();
  });

  it('reads current totals for the newest of a burst of subscribes only, not once per subscribe', async () => {
    const hgetallCalls = async (): Promise<number> => Number(/cmdstat_hgetall:calls=(\d+)/.exec(String(await gw.redis.info('commandstats')))?.[1] ?? 0);
    const client = await PollingClient.connect(gw.baseUrl);
    const branches = Array.from({ length: 64 }, (_, i) => `b${i}`);
    const before = await hgetallCalls();
    await client.sendMany('subscribe', Array.from({ length: 30 }, () => ({ branches })));
    // One snapshot per branch of the last subscription: one HGETALL per statistic type.
    await expectEventually(async () => expect((await hgetallCalls()) - before).toBeGreaterThanOrEqual(64 * STATISTIC_TYPES.length));
    expect((await hgetallCalls()) - before).toBe(64 * STATISTIC_TYPES.length);
    await client.close();
  });
});
