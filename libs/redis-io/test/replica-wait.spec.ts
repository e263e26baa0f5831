// Covers the wait-for-replica setting of OrderStreamSink on one node: confirmed with a replica attached, refused (REDIS_UNAVAILABLE, the append stays idempotent on retry) without one.
import { expectEventually, redisCli, startRedisServer, type RedisServer } from '@coffee/testing';
import { createRedis, OrderStreamSink, type RedisClient } from '../src/index';
import { orderLines, uniqueKeys } from './support/redis-io.fixtures';

describe('OrderStreamSink replicaWait (one node)', () => {
  let master: RedisServer;
  let replica: RedisServer | undefined;
  let redis: RedisClient;

  beforeAll(async () => {
    master = await startRedisServer();
    redis = createRedis(master.url, { name: 'replica-wait-test' });
  });

  afterAll(async () => {
    redis?.disconnect();
    await replica?.stop();
    await master?.stop();
  });

  it('without a replica the append is stored but not confirmed, and a retry finds it committed', async () => {
    const keys = uniqueKeys('rw');
    const sink = new OrderStreamSink(redis, keys, { replicaWait: { replicas: 1, timeoutMs: 50 } });
    const next = { sourceId: 'f', fileId: '1:1', offset: 10 };
    const attempt = sink.append({ lines: orderLines(3), checkpoint: { expected: null, next } });
    await expect(attempt).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE', message: expect.stringMatching(/confirmed by 0 of 1 replica\(s\) within 50 ms/) });
    expect(await redis.xlen(keys.ordersStream)).toBe(1);
    const plain = new OrderStreamSink(redis, keys);
    expect(await plain.append({ lines: orderLines(3), checkpoint: { expected: null, next } })).toEqual({ entryIds: [], alreadyCommitted: true });
    expect(await redis.xlen(keys.ordersStream)).toBe(1);
  });

  it('with a replica attached the append resolves once the replica has it', async () => {
    await redis.config('SET', 'repl-diskless-sync-delay', '0'); // no 5 s pause before the first sync
    replica = await startRedisServer({ extraArgs: ['--replicaof', '127.0.0.1', String(master.port)] });
    await expectEventually(async () => expect(await redisCli(replica?.port ?? 0, 'INFO', 'replication')).toMatch(/master_link_status:up/), { timeoutMs: 10_000 });
    const keys = uniqueKeys('rw');
    const sink = new OrderStreamSink(redis, keys, { replicaWait: { timeoutMs: 5_000 } });
    const result = await sink.append({ lines: orderLines(4), checkpoint: { expected: null, next: { sourceId: 'g', fileId: '1:1', offset: 4 } } });
    expect(result.entryIds).toHaveLength(1);
    expect(Number(await redisCli(replica.port, 'XLEN', keys.ordersStream))).toBe(1);
  }, 30_000);

  it('refuses a timeout that is not a positive integer', () => {
    expect(() => new OrderStreamSink(redis, uniqueKeys('rw'), { replicaWait: { timeoutMs: 0 } })).toThrow(/replicaWait.timeoutMs must be a positive integer/);
  });
});
