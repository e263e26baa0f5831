// Covers the live channel on a real redis-server: packet shape, parser (extended and original CounterBolt packets), channel names per database, publish/subscribe round trip, malformed-packet counting.
import { liveStatisticsBody, type LiveStatisticsBody, type LiveStatisticsPacket } from '@coffee/aggregation';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { RedisKeys } from '@coffee/redis-io';
import type Redis from 'ioredis';
import { T0, connect, disconnectAll, uniqueKeys } from '../testing';
import { LiveChannel } from './live-channel';
import { parseLivePacket, type OriginalLivePacket } from './live-packet.parser';
import type { WindowTotals } from './stats-store.types';

const totals: WindowTotals = {
  branch: 'jeongja',
  date: '20141001093030',
  start: T0,
  end: T0 + 30_000,
  resolution: '30s',
  stats: { CustomerAgeGrades: { '3040': 1, '2030': 3 }, PaymentMethods: { Cash: 4 }, Orders: { Americano: 5 }, OrderSizes: { '1': 3, '2': 1 } },
};

const packetOf = (window: WindowTotals, final: boolean): LiveStatisticsPacket => ({ header: 'PUBLISH_STATISTICS', body: liveStatisticsBody(window, final) });

describe('LiveChannel.serialize', () => {
  it('writes the original packet with the extra fields after the original ones', () => {
    const packet = packetOf(totals, false);
    expect(LiveChannel.serialize(packet.body)).toBe(
      '{"header":"PUBLISH_STATISTICS","body":{"branch":"jeongja","date":"20141001093030",' +
        '"counts":[{"type":"2030","count":3},{"type":"3040","count":1}],' +
        `"start":${T0},"end":${T0 + 30_000},"resolution":"30s",` +
        '"stats":{"CustomerAgeGrades":{"2030":3,"3040":1},"PaymentMethods":{"Cash":4},"Orders":{"Americano":5},"OrderSizes":{"1":3,"2":1}},"final":false}}',
    );
    expect(liveStatisticsBody(totals, true).final).toBe(true);
  });

  it('writes what JSON.stringify writes for the packet object, extra body fields included', () => {
    const body = { ...liveStatisticsBody({ ...totals, branch: '*' }, true), sentAt: 5 };
    expect(LiveChannel.serialize(body)).toBe(JSON.stringify(packetOf({ ...totals, branch: '*' }, true)).replace(/}}$/, ',"sentAt":5}}'));
    expect(JSON.parse(LiveChannel.serialize(body))).toEqual({ header: 'PUBLISH_STATISTICS', body });
  });
});

describe('parseLivePacket', () => {
  const good = packetOf(totals, true);
  const withBody = (patch: Record<string, unknown>): string => JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { ...good.body, ...patch } });

  it('parses what serialize writes, keeping extra fields', () => {
    expect(parseLivePacket(LiveChannel.serialize(good.body))).toEqual({ ok: true, kind: 'extended', packet: good });
    const extra = parseLivePacket(withBody({ throttled: 2 }));
    expect(extra.ok && extra.packet.body).toMatchObject({ throttled: 2, branch: 'jeongja' });
  });

  it.each([
    ['not JSON', '{"header":'],
    ['a JSON array', '[]'],
    ['another header', JSON.stringify({ header: 'RESPONSE_STATISTICS_HISTORY', body: good.body })],
    ['no body', JSON.stringify({ header: 'PUBLISH_STATISTICS' })],
    ['a numeric branch', withBody({ branch: 7 })],
    ['a missing date', withBody({ date: undefined })],
    ['a string start', withBody({ start: '0' })],
    ['a missing final', withBody({ final: undefined })],
    ['counts as an object', withBody({ counts: { '2030': 3 } })],
    ['a count without type', withBody({ counts: [{ count: 3 }] })],
    ['stats as a list', withBody({ stats: [] })],
    ['a non-numeric stat', withBody({ stats: { ...good.body.stats, Orders: { Americano: 'five' } } })],
    ['an extended body missing only stats', withBody({ stats: undefined })],
    ['an original body without date', original({ date: undefined })],
    ['an original body with a short date', original({ date: '201410010930' })],
    ['an original body with an empty branch', original({ branch: '' })],
    ['an original body with string counts', original({ counts: [{ type: '2030', count: '3' }] })],
  ])('rejects %s', (_case, text) => {
    expect(parseLivePacket(text).ok).toBe(false);
  });

  it('reads a type an older processor does not send as no counts (rolling upgrade), the others as sent', () => {
    const older = parseLivePacket(withBody({ stats: { CustomerAgeGrades: { '2030': 3 }, PaymentMethods: { Cash: 3 }, Orders: { Americano: 4 } } }));
    expect(older.ok && older.kind === 'extended' && older.packet.body.stats).toEqual({ CustomerAgeGrades: { '2030': 3 }, PaymentMethods: { Cash: 3 }, Orders: { Americano: 4 }, OrderSizes: {} });
  });

  it('accepts the original CounterBolt packet as it was published (gson, counts as numbers), keeping only its fields', () => {
    const text = '{"header":"PUBLISH_STATISTICS","body":{"branch":"jeongja","date":"20141001093030","counts":[{"type":"2030","count":3},{"type":"1020","count":1}]}}';
    const expected: OriginalLivePacket = {
      header: 'PUBLISH_STATISTICS',
      body: { branch: 'jeongja', date: '20141001093030', counts: [{ type: '2030', count: 3 }, { type: '1020', count: 1 }] },
    };
    expect(parseLivePacket(text)).toEqual({ ok: true, kind: 'original', packet: expected });
    expect(parseLivePacket(original({ counts: [] }))).toMatchObject({ ok: true, kind: 'original', packet: { body: { counts: [] } } });
    expect(parseLivePacket(original({ note: 'x' }))).toEqual({ ok: true, kind: 'original', packet: expected });
  });
});

function original(patch: Record<string, unknown>): string {
  const body = { branch: 'jeongja', date: '20141001093030', counts: [{ type: '2030', count: 3 }, { type: '1020', count: 1 }], ...patch };
  return JSON.stringify({ header: 'PUBLISH_STATISTICS', body });
}

describe('LiveChannel.channelName', () => {
  it.each([
    ['', 0, 'CHANNEL_REDIS_PUBSUB'],
    ['', undefined, 'CHANNEL_REDIS_PUBSUB'],
    ['', 1, 'CHANNEL_REDIS_PUBSUB:db1'],
    ['cp:', 0, 'cp:CHANNEL_REDIS_PUBSUB'],
    ['cp:', 15, 'cp:CHANNEL_REDIS_PUBSUB:db15'],
  ])('prefix %j, database %s → %s', (prefix, db, name) => {
    expect(LiveChannel.channelName(new RedisKeys({ prefix }), db)).toBe(name);
  });
});

describe('LiveChannel on Redis', () => {
  let server: RedisServer;
  let publisher: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    publisher = connect(server.url);
  });
  afterAll(async () => {
    await disconnectAll();
    await server.stop();
  });

  it('round-trips packets in order, counts and skips malformed ones, and stops after close', async () => {
    const keys = uniqueKeys();
    const channel = new LiveChannel(publisher, keys);
    const received: LiveStatisticsPacket[] = [];
    const reasons: string[] = [];
    const subscription = await LiveChannel.subscribe(connect(server.url), keys, (packet) => received.push(packet), {
      onMalformed: (_message, reason) => reasons.push(reason),
    });
    const bodies: LiveStatisticsBody[] = [
      liveStatisticsBody(totals, false),
      liveStatisticsBody({ ...totals, branch: '*' }, false),
      liveStatisticsBody(totals, true),
    ];

    await channel.publish(bodies[0] ?? liveStatisticsBody(totals, false));
    await publisher.publish(keys.liveChannel, 'garbage');
    await publisher.publish(keys.liveChannel, JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: 'jeongja' } }));
    await channel.publishMany(bodies.slice(1));
    await publisher.publish(uniqueKeys().liveChannel, 'another prefix: not ours');
    await publisher.publish(keys.liveChannel, original({}));

    await expectEventually(() => expect(received.map((p) => p.body)).toEqual(bodies));
    expect(subscription.malformed()).toBe(2);
    expect(reasons).toEqual(['not JSON', expect.stringContaining('body.')]);
    expect(subscription.channel).toBe(keys.liveChannel);

    await subscription.close();
    await channel.publish(bodies[0] ?? liveStatisticsBody(totals, false));
    await publisher.publish(keys.liveChannel, 'garbage after close');
    expect(await publisher.pubsub('NUMSUB', keys.liveChannel)).toEqual([keys.liveChannel, 0]);
    expect(received).toHaveLength(3);
    expect(subscription.malformed()).toBe(2);
  });

  it('hands original CounterBolt packets to onOriginal, in order with the others', async () => {
    const keys = uniqueKeys();
    const seen: string[] = [];
    const subscription = await LiveChannel.subscribe(connect(server.url), keys, (packet) => seen.push(`extended ${packet.body.date}`), {
      onOriginal: (packet) => seen.push(`original ${packet.body.date}`),
    });
    await new LiveChannel(publisher, keys).publish(liveStatisticsBody(totals, false));
    await publisher.publish(keys.liveChannel, original({ date: '20141001093100' }));
    await expectEventually(() => expect(seen).toEqual(['extended 20141001093030', 'original 20141001093100']));
    expect(subscription.malformed()).toBe(0);
    await subscription.close();
  });

  it('separates databases of one server: db 0 keeps the original name, db N hears only db N', async () => {
    const keys = uniqueKeys();
    const heard: Record<string, string[]> = { 0: [], 1: [], 2: [] };
    const subscriptions = await Promise.all(
      [0, 1, 2].map((db) => LiveChannel.subscribe(connect(server.url, { db }), keys, (packet) => heard[db].push(packet.body.branch))),
    );
    expect(subscriptions.map((s) => s.channel)).toEqual([keys.liveChannel, `${keys.liveChannel}:db1`, `${keys.liveChannel}:db2`]);
    for (const db of [1, 0, 2]) {
      const channel = new LiveChannel(connect(server.url, { db }), keys);
      await channel.publish(liveStatisticsBody({ ...totals, branch: `from-db${db}` }, false));
    }
    await expectEventually(() => expect(heard).toEqual({ 0: ['from-db0'], 1: ['from-db1'], 2: ['from-db2'] }));
    await Promise.all(subscriptions.map((s) => s.close()));
  });

  it('publishes nothing for an empty publishMany', async () => {
    await expect(new LiveChannel(publisher, uniqueKeys()).publishMany([])).resolves.toBeUndefined();
  });
});
