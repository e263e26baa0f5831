// Covers the apply step's bounds on a real redis-server: the exact per-window cap on distinct category values (vocabulary exempt, overflow under __other__), and prototype-like names stored and returned as they are.
import { aggregateBatch, OVERFLOW_CATEGORY, Windowing, type CountableOrder } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { T0, connect, pendingEntries, uniqueKeys, useStoreServer } from '../testing';
import { StatsStore } from './stats-store';

const windowing = new Windowing();
const BASE_DATE = '20141001093030';

function order(cups: string[], branch = 'jeongja', paymentMethod = 'Cash'): CountableOrder {
  return { branch, orders: cups, paymentMethod, customerAgeGrade: '2030', timestamp: T0 + 1_000 };
}

/** Field → count of a stored hash, read with HKEYS/HGET (no client-side object conversion). */
async function stored(redis: import('ioredis').default, key: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const field of await redis.hkeys(key)) {
    out.set(field, Number(await redis.hget(key, field)));
  }
  return out;
}

const sum = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

describe('StatsStore apply bounds', () => {
  const suite = useStoreServer();

  it('caps distinct values per window hash exactly: first come keep their names, the rest go to __other__, totals stay exact', async () => {
    const keys = uniqueKeys();
    const store = new StatsStore(suite.redis, keys, { windowing, maxCategoriesPerWindow: 5 });
    // 2 vocabulary values, then 12 new coffees over three batches (more than the cap allows).
    const batches = [
      [order(['Americano', 'new-1', 'new-2']), order(['new-3'])],
      [order(['new-4', 'new-5', 'new-6', 'new-1'])],
      [order(['new-7', 'Espresso', 'new-8', 'new-9', 'new-10', 'new-11', 'new-12', 'new-2'])],
    ];
    const overflowed: number[] = [];
    for (const orders of batches) {
      const ids = await pendingEntries(suite.redis, keys, 'c1', 1);
      const result = await store.applyBatch(aggregateBatch(orders, windowing), { stream: keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer: 'c1', ids });
      overflowed.push(result.status === 'applied' ? (result.overflowed ?? 0) : -1);
    }
    const counts = await stored(suite.redis, keys.statsHash('jeongja', BASE_DATE, 'Orders'));
    // Batch 1 fills 4 fields (Americano, new-1..3); batch 2 adds new-4 (5th field), then new-5/new-6 overflow, new-1 exists;
    // batch 3: Espresso is vocabulary (always counted), new-2 exists, the other six overflow.
    expect(Object.fromEntries(counts)).toEqual({
      Americano: 1,
      Espresso: 1,
      'new-1': 2,
      'new-2': 2,
      'new-3': 1,
      'new-4': 1,
      [OVERFLOW_CATEGORY]: 2 + 6,
    });
    expect(sum(counts)).toBe(batches.flat().reduce((n, o) => n + o.orders.length, 0));
    // One per value and hash: the branch and `*` at 30s, 1m, 1h and 1d (8 hashes) all overflowed alike.
    expect(overflowed).toEqual([0, 2 * 8, 6 * 8]);
    // The all-branches roll-up and the day hash are capped the same way.
    expect((await stored(suite.redis, keys.statsHash('*', BASE_DATE, 'Orders'))).size).toBe(7);
    expect(sum(await stored(suite.redis, keys.statsHash('*', '20141001', 'Orders')))).toBe(sum(counts));
  });

  it('stays exact when processors race: never more fields than the cap allows, no count lost', async () => {
    const keys = uniqueKeys();
    const stores = [suite.redis, connect(suite.server.url)].map((client) => new StatsStore(client, keys, { windowing, maxCategoriesPerWindow: 20 }));
    const deltas = Array.from({ length: 40 }, (_, i) => aggregateBatch([order([`coffee-${i}`, `coffee-${i + 100}`, 'Latte'])], windowing));
    await Promise.all(deltas.map((delta, i) => stores[i % 2]?.applyUnacked(delta)));
    const counts = await stored(suite.redis, keys.statsHash('jeongja', BASE_DATE, 'Orders'));
    expect(counts.size).toBe(20 + 1);
    expect(counts.get(OVERFLOW_CATEGORY)).toBeGreaterThan(0);
    expect(sum(counts)).toBe(40 * 3);
  });

  it.each([['__proto__'], ['constructor'], ['hasOwnProperty']])('stores and returns %s as a category and a branch', async (name) => {
    const keys = uniqueKeys();
    const store = new StatsStore(suite.redis, keys, { windowing });
    const totals = await store.applyUnacked(aggregateBatch([order([name, name, 'Americano'], name, name), order(['Americano'], 'jeongja', name)], windowing));
    expect(Object.fromEntries(await stored(suite.redis, keys.statsHash(name, BASE_DATE, 'Orders')))).toEqual(Object.fromEntries([['Americano', 1], [name, 2]]));
    expect(Object.fromEntries(await stored(suite.redis, keys.statsHash('*', BASE_DATE, 'PaymentMethods')))).toEqual(Object.fromEntries([[name, 2]]));
    const mine = totals.find((t) => t.branch === name);
    expect(Object.entries(mine?.stats.Orders ?? {}).sort()).toEqual([['Americano', 1], [name, 2]].sort());
    expect(Object.entries(totals.find((t) => t.branch === '*')?.stats.PaymentMethods ?? {})).toEqual([[name, 2]]);
    expect(await suite.redis.sismember(keys.branchesIndex, name)).toBe(1);
  });
});
