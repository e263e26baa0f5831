// Covers the consumer-group probe on a real redis-server: lag and pending counts, and leaving the group only without pending entries.
import { RedisKeys } from '@coffee/redis-io';
import { startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import { ConsumerGroup } from './consumer-group';

describe('ConsumerGroup', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  async function consumers(keys: RedisKeys): Promise<string[]> {
    const rows = (await redis.call('XINFO', 'CONSUMERS', keys.ordersStream, RedisKeys.PROCESSOR_GROUP)) as unknown[][];
    return rows.map((row) => String(row[1]));
  }

  it('reports zeros before the stream or group exists', async () => {
    const keys = new RedisKeys({ prefix: 'cg-none:' });
    expect(await new ConsumerGroup(redis, keys, RedisKeys.PROCESSOR_GROUP, 'c1').sample()).toEqual({ lag: 0, groupPending: 0, consumerPending: 0 });
  });

  it('samples lag and pending counts, and leaves only once nothing is pending', async () => {
    const keys = new RedisKeys({ prefix: 'cg-leave:' });
    await redis.xgroup('CREATE', keys.ordersStream, RedisKeys.PROCESSOR_GROUP, '0', 'MKSTREAM');
    for (let i = 0; i < 5; i++) {
      await redis.xadd(keys.ordersStream, '*', 'n', '1', 'o', '{}');
    }
    await redis.xreadgroup('GROUP', RedisKeys.PROCESSOR_GROUP, 'c1', 'COUNT', '2', 'STREAMS', keys.ordersStream, '>');
    await redis.xreadgroup('GROUP', RedisKeys.PROCESSOR_GROUP, 'c2', 'COUNT', '1', 'STREAMS', keys.ordersStream, '>');
    const group = new ConsumerGroup(redis, keys, RedisKeys.PROCESSOR_GROUP, 'c1');

    expect(await group.sample()).toEqual({ lag: 2, groupPending: 3, consumerPending: 2 });
    expect(await group.leave()).toBe(false);
    expect(await consumers(keys)).toEqual(['c1', 'c2']);

    const pending = (await redis.call('XPENDING', keys.ordersStream, RedisKeys.PROCESSOR_GROUP, '-', '+', '10', 'c1')) as string[][];
    await redis.xack(keys.ordersStream, RedisKeys.PROCESSOR_GROUP, ...pending.map((row) => row[0] ?? ''));
    expect(await group.leave()).toBe(true);
    expect(await consumers(keys)).toEqual(['c2']);
  });
});
