// Covers live data across Redis databases on one real redis-server: with the same (empty, drop-in) KEY_PREFIX, a gateway on database 0 listens on the original CHANNEL_REDIS_PUBSUB and one on database 1 on CHANNEL_REDIS_PUBSUB:db1, and neither receives the other's packets (processor-style or original CounterBolt).
import { createRedis } from '@coffee/redis-io';
import { LiveChannel } from '@coffee/stats-store';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import type { Redis } from 'ioredis';
import { awayFromWindowEnd, liveBody, startGateway, type GatewayHarness } from './gateway-harness';
import { connectClient } from './live-test-clients';
import type { Packet } from './support/original-page';

// Real Redis and sockets on a shared two-core machine: give slow moments room.
jest.setTimeout(30_000);

describe('live channel per Redis database', () => {
  let server: RedisServer;
  let db0: GatewayHarness;
  let db1: GatewayHarness;
  let publisher1: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    db0 = await startGateway({ redisServer: server, env: { KEY_PREFIX: '' } });
    db1 = await startGateway({ redisServer: server, env: { KEY_PREFIX: '', REDIS_URL: `${server.url}/1` } });
    publisher1 = createRedis(`${server.url}/1`, { name: 'db1-publisher' });
  });

  afterAll(async () => {
    publisher1.disconnect();
    await db0.close();
    await db1.close();
    await server.stop();
  });

  it('delivers each gateway only the packets published in its own database', async () => {
    await expectEventually(async () => {
      const reply = (await db0.redis.call('PUBSUB', 'NUMSUB', 'CHANNEL_REDIS_PUBSUB', 'CHANNEL_REDIS_PUBSUB:db1')) as (string | number)[];
      expect(reply.map(String)).toEqual(['CHANNEL_REDIS_PUBSUB', '1', 'CHANNEL_REDIS_PUBSUB:db1', '1']);
    });
    await awayFromWindowEnd(db0.windowing);
    const received = await Promise.all(
      [db0, db1].map(async (gw) => {
        const socket = await connectClient(gw.baseUrl);
        const messages: Packet[] = [];
        socket.on('message', (packet: Packet) => messages.push(packet));
        socket.send({ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'CustomerAgeGrades', count: 1 } });
        await expectEventually(() => expect(messages.map((m) => m.header)).toEqual(['RESPONSE_STATISTICS_HISTORY']));
        return { socket, messages };
      }),
    );
    const now = Date.now();
    const date = db0.windowing.windowAt(now).date;
    const channel0 = new LiveChannel(db0.redis, db0.keys);
    const channel1 = new LiveChannel(publisher1, db1.keys);
    expect([channel0.channel, channel1.channel]).toEqual(['CHANNEL_REDIS_PUBSUB', 'CHANNEL_REDIS_PUBSUB:db1']);

    await channel1.publish(liveBody(db1.windowing, 'jeongja', now, { '1020': 1 }));
    await channel0.publish(liveBody(db0.windowing, 'jeongja', now, { '2030': 2 }));
    // The original topology publishes on CHANNEL_REDIS_PUBSUB of database 0.
    await db0.redis.publish('CHANNEL_REDIS_PUBSUB', JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: 'jeongja', date, counts: [{ type: '2030', count: 3 }] } }));
    await channel1.publish(liveBody(db1.windowing, 'jeongja', now, { '1020': 4 }));

    const live = (messages: Packet[]) => messages.filter((m) => m.header === 'PUBLISH_STATISTICS').map((m) => (m.body as { counts: unknown }).counts);
    await expectEventually(() => {
      expect(live(received[0].messages)).toEqual([[{ type: '2030', count: 2 }], [{ type: '2030', count: 3 }]]);
      expect(live(received[1].messages)).toEqual([[{ type: '1020', count: 1 }], [{ type: '1020', count: 4 }]]);
    });
    for (const { socket } of received) {
      socket.disconnect();
    }
  });
});
