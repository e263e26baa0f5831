// Covers removeIdleConsumers on a real server: idle empty consumers go, busy or recent ones stay, and a claim racing the cleanup never loses a pending entry.
import { useRedisSuite, orderLines, uniqueKeys } from '../../test/support/redis-io.fixtures';
import { OrderStreamSink } from './order-stream.sink';
import type { RedisKeys } from './redis-keys';
import { removeIdleConsumers } from './remove-idle-consumers';

const GROUP = 'processors';

describe('removeIdleConsumers', () => {
  const suite = useRedisSuite('idle-consumers-test');

  async function groupWith(keys: RedisKeys, entries: number): Promise<string[]> {
    const { entryIds } = await new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 1 }).append({ lines: orderLines(entries) });
    await suite.redis.xgroup('CREATE', keys.ordersStream, GROUP, '0');
    return entryIds;
  }

  async function consumers(keys: RedisKeys): Promise<Record<string, number>> {
    const info = (await suite.redis.call('XINFO', 'CONSUMERS', keys.ordersStream, GROUP)) as (string | number)[][];
    return Object.fromEntries(info.map((fields) => [String(fields[fields.indexOf('name') + 1]), Number(fields[fields.indexOf('pending') + 1])]));
  }

  async function groupPending(keys: RedisKeys): Promise<number> {
    const summary = (await suite.redis.call('XPENDING', keys.ordersStream, GROUP)) as unknown[];
    return Number(summary[0]);
  }

  it('does nothing without a stream or a group', async () => {
    const keys = uniqueKeys();
    expect(await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 0 })).toEqual([]);
    await new OrderStreamSink(suite.redis, keys).append({ lines: orderLines(1) });
    expect(await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 0 })).toEqual([]);
  });

  it('removes idle consumers with nothing pending, never one holding entries, the kept one, or one active within the threshold', async () => {
    const keys = uniqueKeys();
    await groupWith(keys, 3);
    await suite.redis.xreadgroup('GROUP', GROUP, 'holder', 'COUNT', 2, 'STREAMS', keys.ordersStream, '>');
    for (const name of ['dead-1', 'dead-2', 'me']) {
      await suite.redis.call('XGROUP', 'CREATECONSUMER', keys.ordersStream, GROUP, name);
    }
    expect(await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 3_600_000 })).toEqual([]);
    const removed = await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 0, keep: 'me' });
    expect(removed.sort()).toEqual(['dead-1', 'dead-2']);
    expect(await consumers(keys)).toEqual({ holder: 2, me: 0 });
    expect(await groupPending(keys)).toBe(2);
  });

  it('removes at most `limit` consumers per call', async () => {
    const keys = uniqueKeys();
    await groupWith(keys, 1);
    for (let i = 0; i < 5; i++) {
      await suite.redis.call('XGROUP', 'CREATECONSUMER', keys.ordersStream, GROUP, `dead-${i}`);
    }
    expect(await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 0, limit: 2 })).toHaveLength(2);
    expect(Object.keys(await consumers(keys))).toHaveLength(3);
  });

  it('never drops a pending entry while a claim to the consumer being removed is in flight (200 raced rounds)', async () => {
    const keys = uniqueKeys();
    const ids = await groupWith(keys, 20);
    await suite.redis.xreadgroup('GROUP', GROUP, 'live', 'COUNT', 20, 'STREAMS', keys.ordersStream, '>');
    const cleaner = suite.connections.connect('cleaner');
    const claimer = suite.connections.connect('claimer');
    for (let round = 0; round < 200; round++) {
      const id = ids[round % ids.length];
      await suite.redis.call('XGROUP', 'CREATECONSUMER', keys.ordersStream, GROUP, 'dying');
      // Both sent at once on their own connections: the claim lands before or after the cleanup, never in between.
      await Promise.all([
        removeIdleConsumers(cleaner, keys, { group: GROUP, idleMs: 0, keep: 'live' }),
        claimer.call('XCLAIM', keys.ordersStream, GROUP, 'dying', 0, id),
      ]);
      expect(await groupPending(keys)).toBe(20);
      expect((await consumers(keys))['dying']).toBe(1);
      await suite.redis.call('XCLAIM', keys.ordersStream, GROUP, 'live', 0, id);
    }
    expect(await removeIdleConsumers(suite.redis, keys, { group: GROUP, idleMs: 0, keep: 'live' })).toEqual(['dying']);
    expect(await consumers(keys)).toEqual({ live: 20 });
  }, 60_000);
});
