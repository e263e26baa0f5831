// Covers trimAcknowledged on a real server: pending and undelivered entries survive; acknowledged ones go; every group is honoured.
import { useRedisSuite, orderLines, uniqueKeys } from '../../test/support/redis-io.fixtures';
import { OrderStreamSink } from './order-stream.sink';
import type { RedisKeys } from './redis-keys';
import { trimAcknowledged } from './trim-acknowledged';

describe('trimAcknowledged', () => {
  const suite = useRedisSuite('trim-test');

  async function fill(keys: RedisKeys, entries: number): Promise<string[]> {
    const { entryIds } = await new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 1 }).append({ lines: orderLines(entries) });
    return entryIds;
  }

  async function deliver(keys: RedisKeys, group: string, count: number): Promise<string[]> {
    const reply = (await suite.redis.xreadgroup('GROUP', group, 'c1', 'COUNT', count, 'STREAMS', keys.ordersStream, '>')) as [string, [string, string[]][]][] | null;
    return reply?.[0][1].map(([id]) => id) ?? [];
  }

  const remaining = async (keys: RedisKeys): Promise<string[]> => (await suite.redis.xrange(keys.ordersStream, '-', '+')).map(([id]) => id);

  it('does nothing without a stream or without the group', async () => {
    const keys = uniqueKeys();
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 0, minId: '0-0' });
    await fill(keys, 3);
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 0, minId: '0-0' });
    expect(await suite.redis.xlen(keys.ordersStream)).toBe(3);
  });

  it('never removes pending or undelivered entries, and shrinks the stream as entries are acknowledged', async () => {
    const keys = uniqueKeys();
    const ids = await fill(keys, 10);
    await suite.redis.xgroup('CREATE', keys.ordersStream, 'processors', '0');
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 0, minId: '0-1' });

    const delivered = await deliver(keys, 'processors', 6);
    expect(delivered).toEqual(ids.slice(0, 6));
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 0, minId: ids[0] });

    await suite.redis.xack(keys.ordersStream, 'processors', ids[0], ids[1], ids[2]);
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 3, minId: ids[3] });
    expect(await remaining(keys)).toEqual(ids.slice(3));

    // Acked out of order: the older pending entry holds the cut.
    await suite.redis.xack(keys.ordersStream, 'processors', ids[4]);
    expect(await trimAcknowledged(suite.redis, keys)).toMatchObject({ trimmed: 0 });
    expect(await remaining(keys)).toEqual(ids.slice(3));

    // All delivered entries acked: undelivered ones remain.
    await suite.redis.xack(keys.ordersStream, 'processors', ids[3], ids[5]);
    expect(await trimAcknowledged(suite.redis, keys)).toMatchObject({ trimmed: 3 });
    expect(await remaining(keys)).toEqual(ids.slice(6));
    expect(await deliver(keys, 'processors', 10)).toEqual(ids.slice(6));
  });

  it('honours the slowest group on the stream', async () => {
    const keys = uniqueKeys();
    const ids = await fill(keys, 6);
    await suite.redis.xgroup('CREATE', keys.ordersStream, 'processors', '0');
    await suite.redis.xgroup('CREATE', keys.ordersStream, 'audit', '0');
    await suite.redis.xack(keys.ordersStream, 'processors', ...(await deliver(keys, 'processors', 6)));
    await suite.redis.xack(keys.ordersStream, 'audit', ...(await deliver(keys, 'audit', 2)));
    expect(await trimAcknowledged(suite.redis, keys)).toEqual({ trimmed: 2, minId: ids[2] });
    expect(await remaining(keys)).toEqual(ids.slice(2));
  });
});
