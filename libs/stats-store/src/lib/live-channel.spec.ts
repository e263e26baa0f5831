// Covers the live channel on a real redis-server: packet shape, publish/subscribe round trip, malformed-packet counting.
import { Windowing, type LiveStatisticsBody, type LiveStatisticsPacket } from '@coffee/aggregation';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import type Redis from 'ioredis';
import { T0 } from '../test-support/sample-orders';
import { connect, disconnectAll, uniqueKeys } from '../test-support/stats-store.fixture';
import { LiveChannel } from './live-channel';
import { parseLivePacket } from './live-packet.parser';
import type { WindowTotals } from './stats-store.types';

const windowing = new Windowing();
const totals: WindowTotals = {
  branch: 'jeongja',
  date: '20141001093030',
  start: T0,
  end: T0 + 30_000,
  resolution: '30s',
  stats: { CustomerAgeGrades: { '3040': 1, '2030': 3 }, PaymentMethods: { Cash: 4 }, Orders: { Americano: 5 } },
};

describe('LiveChannel.toPacket', () => {
  it('builds the original packet with the extra fields after the original ones', () => {
    const packet = LiveChannel.toPacket(totals, windowing, false);
    expect(LiveChannel.serialize(packet.body)).toBe(
      '{"header":"PUBLISH_STATISTICS","body":{"branch":"jeongja","date":"20141001093030",' +
        '"counts":[{"type":"2030","count":3},{"type":"3040","count":1}],' +
        `"start":${T0},"end":${T0 + 30_000},"resolution":"30s",` +
        '"stats":{"CustomerAgeGrades":{"2030":3,"3040":1},"PaymentMethods":{"Cash":4},"Orders":{"Americano":5}},"final":false}}',
    );
    expect(LiveChannel.toPacket(totals, windowing, true).body.final).toBe(true);
  });
});

describe('parseLivePacket', () => {
  const good = LiveChannel.toPacket(totals, windowing, true);
  const withBody = (patch: Record<string, unknown>): string => JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { ...good.body, ...patch } });

  it('parses what toPacket builds, keeping extra fields', () => {
    expect(parseLivePacket(LiveChannel.serialize(good.body))).toEqual({ ok: true, packet: good });
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
    ['stats without Orders', withBody({ stats: { CustomerAgeGrades: {}, PaymentMethods: {} } })],
    ['a non-numeric stat', withBody({ stats: { ...good.body.stats, Orders: { Americano: 'five' } } })],
  ])('rejects %s', (_case, text) => {
    expect(parseLivePacket(text).ok).toBe(false);
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
      LiveChannel.toPacket(totals, windowing, false).body,
      LiveChannel.toPacket({ ...totals, branch: '*' }, windowing, false).body,
      LiveChannel.toPacket(totals, windowing, true).body,
    ];

    await channel.publish(bodies[0] ?? LiveChannel.toPacket(totals, windowing, false).body);
    await publisher.publish(keys.liveChannel, 'garbage');
    await publisher.publish(keys.liveChannel, JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: 'jeongja' } }));
    await channel.publishMany(bodies.slice(1));
    await publisher.publish(uniqueKeys().liveChannel, 'another prefix: not ours');

    await expectEventually(() => expect(received.map((p) => p.body)).toEqual(bodies));
    expect(subscription.malformed()).toBe(2);
    expect(reasons).toEqual(['not JSON', expect.stringContaining('body.')]);

    await subscription.close();
    await channel.publish(bodies[0] ?? LiveChannel.toPacket(totals, windowing, false).body);
    await publisher.publish(keys.liveChannel, 'garbage after close');
    expect(await publisher.pubsub('NUMSUB', keys.liveChannel)).toEqual([keys.liveChannel, 0]);
    expect(received).toHaveLength(3);
    expect(subscription.malformed()).toBe(2);
  });

  it('publishes nothing for an empty publishMany', async () => {
    await expect(new LiveChannel(publisher, uniqueKeys()).publishMany([])).resolves.toBeUndefined();
  });
});
