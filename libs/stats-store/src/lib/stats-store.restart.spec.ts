// Covers exactly-once across a Redis crash: SIGKILL and restart (AOF, fsync always) in the middle of a stream of applies.
import { aggregateBatch, type BatchDelta, Windowing, type CountableOrder } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import type Redis from 'ioredis';
import { expectedCounts, sampleOrders, T0, connect, disconnectAll, pendingEntries, pendingFor, uniqueKeys } from '../testing';
import { StatsStore } from './stats-store';
import type { ApplyResult } from './stats-store.types';

const windowing = new Windowing();
const aggregate = (orders: readonly CountableOrder[]): BatchDelta => aggregateBatch(orders, windowing);

describe('StatsStore across a Redis restart', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer({ appendOnly: true });
    redis = connect(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await disconnectAll();
    await server.stop();
  });

  /** Applies until Redis answers (the processor's retry loop). */
  function applyUntilAnswered(attempt: () => Promise<ApplyResult>): Promise<ApplyResult> {
    return expectEventually(attempt, { timeoutMs: 20_000, intervalMs: 20 });
  }

  it('counts every batch exactly once when Redis is killed and restarted mid-stream', async () => {
    const keys = uniqueKeys();
    const store = new StatsStore(redis, keys, { windowing });
    const entries = 40;
    const ids = await pendingEntries(redis, keys, 'c1', entries);
    const batches: CountableOrder[][] = ids.map((_, i) => sampleOrders(12, { seed: i, t: T0 + (i % 3) * 100 }));
    const outcomes: string[] = [];
    const attempt = (i: number) => (): Promise<ApplyResult> =>
      store.applyBatch(aggregate(batches[i] ?? []), { stream: keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer: 'c1', ids: [ids[i] ?? ''] });

    // Four applies in flight at a time, like a processor pipelining batches; Redis dies right after group 5 is sent.
    for (let first = 0; first < entries; first += 4) {
      const group = [first, first + 1, first + 2, first + 3];
      if (first === 20) {
        const inFlight = group.map((i) => attempt(i)().catch(() => undefined)); // may or may not have run
        await server.kill();
        await server.start();
        await Promise.all(inFlight);
      }
      const results = await Promise.all(group.map((i) => applyUntilAnswered(attempt(i))));
      outcomes.push(...results.map((r) => r.status));
    }

    expect(outcomes).toHaveLength(entries);
    expect(outcomes.every((status) => status === 'applied' || status === 'duplicate')).toBe(true);
    const all = batches.flat();
    for (const type of ['CustomerAgeGrades', 'PaymentMethods', 'Orders'] as const) {
      expect(await store.readWindow('jeongja', '20141001093030', type)).toEqual(expectedCounts(all, type));
      expect(await store.readWindow('*', '20141001', type)).toEqual(expectedCounts(all, type));
    }
    expect(await pendingFor(redis, keys, 'c1')).toEqual([]);
  });
});
