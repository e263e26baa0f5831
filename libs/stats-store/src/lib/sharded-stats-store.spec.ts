// Covers ShardedStatsStore on a real redis-server: orders split over three shard layouts read back (history, pages, one hash, one window's and several windows' totals, branches, windows index) exactly as one store holding them all.
import { aggregateBatch, STATISTIC_TYPES, Windowing, type CountableOrder } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { sampleOrders, T0, uniqueKeys, useStoreServer } from '../testing';
import { ShardedStatsStore } from './sharded-stats-store';
import { StatsStore } from './stats-store';

const windowing = new Windowing();

describe('ShardedStatsStore', () => {
  const suite = useStoreServer();

  async function setup(): Promise<{ whole: StatsStore; sharded: ShardedStatsStore }> {
    const prefix = uniqueKeys().prefix;
    const shardKeys = ['o0', 'o1', 'o2'].map((shardTag) => new RedisKeys({ prefix, shardTag }));
    const whole = new StatsStore(suite.redis, new RedisKeys({ prefix: `${prefix}whole:` }), { windowing });
    const orders: CountableOrder[] = [
      ...sampleOrders(40, { branch: 'jeongja', stepMs: 2_000 }),
      ...sampleOrders(25, { branch: 'sunae', stepMs: 3_000, seed: 3 }),
      ...sampleOrders(10, { branch: 'migeum', t: T0 + 3_600_000, seed: 5 }),
    ];
    await whole.applyUnacked(aggregateBatch(orders, windowing));
    // Shard k takes every third order; migeum's orders all land in shard 2 (a branch absent from the other shards).
    for (let k = 0; k < 3; k++) {
      const mine = orders.filter((order, i) => (order.branch === 'migeum' ? k === 2 : i % 3 === k));
      await new StatsStore(suite.redis, shardKeys[k] as RedisKeys, { windowing }).applyUnacked(aggregateBatch(mine, windowing));
    }
    return { whole, sharded: new ShardedStatsStore(suite.redis, shardKeys, { windowing }) };
  }

  it('sums history over the shards at every resolution and for the roll-up', async () => {
    const { whole, sharded } = await setup();
    // Fine resolutions: the first two minutes and the minute of migeum's orders an hour later; coarse ones: two hours.
    const ranges = (resolution: string): [number, number][] =>
      resolution === '30s' || resolution === '1m' ? [[T0, T0 + 120_000], [T0 + 3_600_000, T0 + 3_660_000]] : [[T0, T0 + 2 * 3_600_000]];
    for (const resolution of ['30s', '1m', '1h', '1d'] as const) {
      for (const [branch, [from, to]] of ['jeongja', 'sunae', 'migeum', '*'].flatMap((b) => ranges(resolution).map((range) => [b, range] as const))) {
        const query = { branch, types: STATISTIC_TYPES, resolution, from, to };
        const served = await sharded.history(query);
        expect(JSON.parse(JSON.stringify(served))).toEqual(JSON.parse(JSON.stringify(await whole.history(query))));
        const windows = sharded.historyWindows(query);
        expect(JSON.stringify(await sharded.readWindows(branch, 'Orders', windows))).toBe(JSON.stringify(served.Orders));
      }
    }
    const history = await sharded.history({ branch: '*', types: ['Orders'], resolution: '1d', last: 1, now: T0 });
    expect(history.Orders[0]?.total).toBeGreaterThan(0);
  }, 60_000);

  it('sums one hash and a window\'s totals; unions branches and windows indexes', async () => {
    const { whole, sharded } = await setup();
    const date = windowing.datestring(T0, '30s');
    expect({ ...(await sharded.readWindow('*', date, 'PaymentMethods')) }).toEqual({ ...(await whole.readWindow('*', date, 'PaymentMethods')) });
    const totals = await sharded.windowTotals('jeongja', date);
    const expected = await whole.windowTotals('jeongja', date);
    for (const type of STATISTIC_TYPES) {
      expect({ ...totals.stats[type] }).toEqual({ ...expected.stats[type] });
    }
    expect(await sharded.branches()).toEqual(['jeongja', 'migeum', 'sunae']);
    expect(await sharded.storedWindows('*', '30s')).toEqual(await whole.storedWindows('*', '30s'));
    expect(await sharded.storedWindows('migeum', '1h')).toEqual(await whole.storedWindows('migeum', '1h'));
  }, 60_000);

  it('sums the totals of several windows in one round, in the order asked, each as its one-window read', async () => {
    const { whole, sharded } = await setup();
    const windows = [
      { branch: '*', date: windowing.datestring(T0 + 30_000, '30s') },
      { branch: 'migeum', date: windowing.datestring(T0 + 3_600_000, '30s') },
      { branch: 'jeongja', date: windowing.datestring(T0, '30s') },
      // A window no shard holds: every type empty.
      { branch: 'sunae', date: windowing.datestring(T0 + 7_200_000, '30s') },
    ];
    const many = await sharded.windowTotalsMany(windows);
    expect(many.map(({ branch, date }) => ({ branch, date }))).toEqual(windows);
    for (const [w, { branch, date }] of windows.entries()) {
      const expected = await whole.windowTotals(branch, date);
      expect(JSON.parse(JSON.stringify(many[w]))).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    expect(Object.keys(many[1]?.stats.Orders ?? {}).length).toBeGreaterThan(0);
    expect(STATISTIC_TYPES.every((type) => Object.keys(many[3]?.stats[type] ?? {}).length === 0)).toBe(true);
    expect(await sharded.windowTotalsMany([])).toEqual([]);
  });

  it('refuses writes: they go to one shard\'s store', async () => {
    const { sharded } = await setup();
    await expect(sharded.applyUnacked(aggregateBatch(sampleOrders(1), windowing))).rejects.toThrow(/one shard/);
  });
});
