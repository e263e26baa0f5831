// Covers applyBatch's exactly-once step on a real redis-server: repeats, races, lost replies, claims, partial batches, errors.
import { aggregateBatch, type BatchDelta, Windowing, type CountableOrder } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import type Redis from 'ioredis';
import { startReplyDroppingProxy, expectedCounts, sampleOrders, T0, connect, disconnect, pendingEntries, pendingFor, uniqueKeys, useStoreServer } from '../testing';
import { StatsStore } from './stats-store';
import { StatsStoreError } from './stats-store.error';
import type { AckTarget } from './stats-store.types';

const windowing = new Windowing();
const aggregate = (orders: readonly CountableOrder[]): BatchDelta => aggregateBatch(orders, windowing);
const BASE_DATE = '20141001093030';

describe('StatsStore.applyBatch', () => {
  const suite = useStoreServer();

  function setup(client: Redis = suite.redis): { keys: RedisKeys; store: StatsStore; ack: (consumer: string, ids: readonly string[]) => AckTarget } {
    const keys = uniqueKeys();
    const store = new StatsStore(client, keys, { windowing });
    const ack = (consumer: string, ids: readonly string[]): AckTarget => ({ stream: keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer, ids });
    return { keys, store, ack };
  }

  async function expectStored(store: StatsStore, orders: readonly CountableOrder[], branch = 'jeongja', date = BASE_DATE): Promise<void> {
    for (const type of ['CustomerAgeGrades', 'PaymentMethods', 'Orders'] as const) {
      expect(await store.readWindow(branch, date, type)).toEqual(expectedCounts(orders, type));
    }
  }

  it('counts a batch once when it is applied twice, and returns the new base-window totals', async () => {
    const { keys, store, ack } = setup();
    const orders = sampleOrders(30);
    const ids = await pendingEntries(suite.redis, keys, 'c1', 3);

    const first = await store.applyBatch(aggregate(orders), ack('c1', ids));
    const second = await store.applyBatch(aggregate(orders), ack('c1', ids));

    expect(second).toEqual({ status: 'duplicate' });
    expect(first.status).toBe('applied');
    const totals = first.status === 'applied' ? first.totals : [];
    expect(totals.map((t) => [t.branch, t.date, t.start])).toEqual([
      ['*', BASE_DATE, T0],
      ['jeongja', BASE_DATE, T0],
    ]);
    expect(totals[1]?.stats.Orders).toEqual(expectedCounts(orders, 'Orders'));
    expect(totals[0]?.stats.CustomerAgeGrades).toEqual(expectedCounts(orders, 'CustomerAgeGrades'));
    await expectStored(store, orders);
    await expectStored(store, orders, '*', '20141001');
    expect(await pendingFor(suite.redis, keys, 'c1')).toEqual([]);
  });

  it('counts a batch once when two clients race to apply it', async () => {
    const other = connect(suite.server.url);
    for (let round = 0; round < 10; round += 1) {
      const { keys, store, ack } = setup();
      const rival = new StatsStore(other, keys, { windowing });
      const orders = sampleOrders(20, { seed: round });
      const ids = await pendingEntries(suite.redis, keys, 'c1', 2);

      const results = await Promise.all([
        store.applyBatch(aggregate(orders), ack('c1', ids)),
        rival.applyBatch(aggregate(orders), ack('c1', ids)),
      ]);

      expect(results.map((r) => r.status).sort()).toEqual(['applied', 'duplicate']);
      await expectStored(store, orders);
    }
  });

  it('counts once when the reply is lost and the caller retries', async () => {
    const proxy = await startReplyDroppingProxy(suite.server.port);
    try {
      const client = connect(`redis://127.0.0.1:${proxy.port}`, { maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
      const { keys, store, ack } = setup(client);
      const warmUp = await pendingEntries(suite.redis, keys, 'c1', 1);
      await store.applyBatch(aggregate(sampleOrders(1)), ack('c1', warmUp)); // loads the script
      const orders = sampleOrders(25, { seed: 3 });
      const ids = await pendingEntries(suite.redis, keys, 'c1', 2);

      const dropped = proxy.dropNextReply();
      const lost = store.applyBatch(aggregate(orders), ack('c1', ids));
      await expect(lost).rejects.toThrow(StatsStoreError);
      await dropped;
      expect(await pendingFor(suite.redis, keys, 'c1')).toEqual([]); // it did run: the entries are acknowledged

      expect(await store.applyBatch(aggregate(orders), ack('c1', ids))).toEqual({ status: 'duplicate' });
      await expectStored(store, [...sampleOrders(1), ...orders]);
      await disconnect(client);
    } finally {
      await proxy.close();
    }
  });

  it("counts once when ioredis resends a command whose reply was lost", async () => {
    const proxy = await startReplyDroppingProxy(suite.server.port);
    try {
      const client = connect(`redis://127.0.0.1:${proxy.port}`); // autoResendUnfulfilledCommands: true by default
      const { keys, store, ack } = setup(client);
      const warmUp = await pendingEntries(suite.redis, keys, 'c1', 1);
      await store.applyBatch(aggregate(sampleOrders(1)), ack('c1', warmUp));
      const orders = sampleOrders(25, { seed: 5 });
      const ids = await pendingEntries(suite.redis, keys, 'c1', 2);

      const dropped = proxy.dropNextReply();
      const result = await store.applyBatch(aggregate(orders), ack('c1', ids));
      await dropped;

      expect(result).toEqual({ status: 'duplicate' });
      await expectStored(store, [...sampleOrders(1), ...orders]);
      await disconnect(client);
    } finally {
      await proxy.close();
    }
  });

  it('lets a second consumer finish a dead consumer’s pending entries; the late apply writes nothing', async () => {
    const { keys, store, ack } = setup();
    const orders = sampleOrders(40);
    const ids = await pendingEntries(suite.redis, keys, 'c1', 4);
    const delta = aggregate(orders);

    // c1 dies holding the entries; c2 claims them as a processor's XAUTOCLAIM would.
    const claimed = (await suite.redis.xautoclaim(keys.ordersStream, RedisKeys.PROCESSOR_GROUP, 'c2', 0, '0-0', 'COUNT', 100)) as [string, [string, string[]][]];
    expect(claimed[1].map(([id]) => id)).toEqual(ids);

    expect(await store.applyBatch(delta, ack('c1', ids))).toEqual({ status: 'duplicate' }); // claimed away: nothing written
    await expectStored(store, []);
    expect((await store.applyBatch(delta, ack('c2', ids))).status).toBe('applied');
    expect(await store.applyBatch(delta, ack('c1', ids))).toEqual({ status: 'duplicate' }); // acknowledged: nothing written
    await expectStored(store, orders);
  });

  it('reports the owned ids of a partly claimed batch, writes nothing, then counts each part once', async () => {
    const { keys, store, ack } = setup();
    const ids = await pendingEntries(suite.redis, keys, 'c1', 4);
    const perEntry = ids.map((_, i) => sampleOrders(10, { seed: i * 7, t: T0 + i * 1000 }));
    const [a, b, c, d] = ids as [string, string, string, string];
    await suite.redis.xclaim(keys.ordersStream, RedisKeys.PROCESSOR_GROUP, 'c2', 0, b, d);

    const result = await store.applyBatch(aggregate(perEntry.flat()), ack('c1', ids));
    expect(result).toEqual({ status: 'partial', ownedIds: [a, c] });
    await expectStored(store, []);

    const mine = [...(perEntry[0] ?? []), ...(perEntry[2] ?? [])];
    expect((await store.applyBatch(aggregate(mine), ack('c1', [a, c]))).status).toBe('applied');
    expect(await store.applyBatch(aggregate(mine), ack('c1', [a, c]))).toEqual({ status: 'duplicate' });
    const theirs = [...(perEntry[1] ?? []), ...(perEntry[3] ?? [])];
    expect((await store.applyBatch(aggregate(theirs), ack('c2', [b, d]))).status).toBe('applied');
    await expectStored(store, perEntry.flat());
  });

  it('finds owned ids far apart among many other pending entries of the same consumer', async () => {
    const { keys, store, ack } = setup();
    const ids = await pendingEntries(suite.redis, keys, 'c1', 60);
    const [first, last] = [ids[0] ?? '', ids[59] ?? ''];
    await suite.redis.xclaim(keys.ordersStream, RedisKeys.PROCESSOR_GROUP, 'c2', 0, ids[30] ?? '');

    expect(await store.applyBatch(aggregate(sampleOrders(2)), ack('c1', [last, ids[30] ?? '', first]))).toEqual({ status: 'partial', ownedIds: [first, last] });
    expect((await store.applyBatch(aggregate(sampleOrders(2)), ack('c1', [last, first]))).status).toBe('applied');
    await expectStored(store, sampleOrders(2));
    expect(await pendingFor(suite.redis, keys, 'c1')).toHaveLength(57);
  });

  it('treats ids never delivered to the consumer as not owned', async () => {
    const { keys, store, ack } = setup();
    await pendingEntries(suite.redis, keys, 'c1', 1);
    const undelivered = await suite.redis.xadd(keys.ordersStream, '*', 'n', 'x');
    expect(await store.applyBatch(aggregate(sampleOrders(3)), ack('c1', [undelivered ?? '0-0']))).toEqual({ status: 'duplicate' });
    await expectStored(store, []);
  });

  it('acknowledges a batch whose delta is empty', async () => {
    const { keys, store, ack } = setup();
    const ids = await pendingEntries(suite.redis, keys, 'c1', 2);
    expect(await store.applyBatch({ hashes: [], orders: 0, cups: 0 }, ack('c1', ids))).toEqual({ status: 'applied', totals: [] });
    expect(await pendingFor(suite.redis, keys, 'c1')).toEqual([]);
  });

  it('fails with GROUP_MISSING and writes nothing when the group is missing', async () => {
    const { keys, store, ack } = setup();
    const id = await suite.redis.xadd(keys.ordersStream, '*', 'n', '1');
    await expect(store.applyBatch(aggregate(sampleOrders(2)), ack('c1', [id ?? '0-0']))).rejects.toMatchObject({
      code: 'GROUP_MISSING',
    });
    await expectStored(store, []);
  });

  it('fails with WRONG_KEY_TYPE and writes nothing when a key holds another type', async () => {
    const { keys, store, ack } = setup();
    const ids = await pendingEntries(suite.redis, keys, 'c1', 1);
    await suite.redis.set(keys.statsHash('*', '20141001', 'Orders'), 'not a hash');
    await expect(store.applyBatch(aggregate(sampleOrders(5)), ack('c1', ids))).rejects.toMatchObject({
      code: 'WRONG_KEY_TYPE',
    });
    await expectStored(store, []);
    expect(await suite.redis.exists(keys.branchesIndex)).toBe(0);
    expect(await pendingFor(suite.redis, keys, 'c1')).toEqual(ids);
  });

  it.each([
    ['no ids', [], 'INVALID_ACK'],
    ['a malformed id', ['12-x'], 'INVALID_ACK'],
  ])('rejects an ack target with %s before calling Redis', async (_case, ids, code) => {
    const { store, ack } = setup();
    await expect(store.applyBatch(aggregate(sampleOrders(1)), ack('c1', ids))).rejects.toMatchObject({ code });
  });

  it.each([
    ['a zero increment', 0],
    ['a fractional increment', 1.5],
    ['a negative increment', -2],
  ])('rejects a delta with %s', async (_case, increment) => {
    const { store } = setup();
    const delta = { hashes: [{ branch: 'jeongja', resolution: '30s', date: BASE_DATE, start: T0, type: 'Orders' as const, fields: new Map([['Americano', increment]]) }], orders: 1, cups: 1 };
    await expect(store.applyUnacked(delta)).rejects.toMatchObject({ code: 'INVALID_DELTA' });
  });

  it('applies without acknowledging through applyUnacked (not idempotent by design)', async () => {
    const { store } = setup();
    const orders = sampleOrders(6);
    await store.applyUnacked(aggregate(orders));
    const totals = await store.applyUnacked(aggregate(orders));
    expect(totals.find((t) => t.branch === 'jeongja')?.stats.PaymentMethods).toEqual(expectedCounts([...orders, ...orders], 'PaymentMethods'));
    await expectStored(store, [...orders, ...orders]);
  });

});
