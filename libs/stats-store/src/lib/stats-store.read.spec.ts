// Covers the stats store's layout and reads on a real redis-server: TTLs, indexes, history, readWindow, totals, branches.
import { aggregateBatch, perStatisticType, type BatchDelta, type CountableOrder, Windowing, STATISTIC_TYPES } from '@coffee/aggregation';
import { AGE_GRADES, COFFEE_NAMES, PAYMENT_METHODS } from '@coffee/order-schema';
import { expectedCounts, sampleOrders, T0, uniqueKeys, useStoreServer } from '../testing';
import { StatsStore } from './stats-store';
import type { StoreWindowing } from './stats-store.options';

const windowing = new Windowing();
const aggregate = (orders: readonly CountableOrder[]): BatchDelta => aggregateBatch(orders, windowing);
const DAY = 86_400;

describe('StatsStore layout and reads', () => {
  const suite = useStoreServer();

  function setup(options: { retentionSeconds?: Record<string, number>; maxHistoryWindows?: number } = {}): { keys: ReturnType<typeof uniqueKeys>; store: StatsStore } {
    const keys = uniqueKeys();
    return { keys, store: new StatsStore(suite.redis, keys, { windowing, ...options }) };
  }

  it.each([
    ['30s', '20141001093030', 2 * DAY],
    ['1m', '201410010930', 7 * DAY],
    ['1h', '2014100109', 90 * DAY],
    ['1d', '20141001', 730 * DAY],
  ])('sets the %s window hashes and index to their default retention', async (resolution, date, seconds) => {
    const { keys, store } = setup();
    await store.applyUnacked(aggregate(sampleOrders(3)));
    for (const branch of ['jeongja', '*']) {
      for (const type of STATISTIC_TYPES) {
        const ttl = await suite.redis.ttl(keys.statsHash(branch, date, type));
        expect(ttl).toBeGreaterThan(seconds - 60);
        expect(ttl).toBeLessThanOrEqual(seconds);
      }
      expect(await suite.redis.ttl(keys.windowsIndex(branch, resolution))).toBeGreaterThan(seconds - 60);
    }
  });

  it('uses configured retentions', async () => {
    const { keys, store } = setup({ retentionSeconds: { '30s': 600, '1d': 86_400 } });
    await store.applyUnacked(aggregate(sampleOrders(1)));
    expect(await suite.redis.ttl(keys.statsHash('jeongja', '20141001093030', 'Orders'))).toBeLessThanOrEqual(600);
    expect(await suite.redis.ttl(keys.statsHash('jeongja', '20141001', 'Orders'))).toBeLessThanOrEqual(86_400);
    expect(await suite.redis.ttl(keys.statsHash('jeongja', '201410010930', 'Orders'))).toBeGreaterThan(6 * DAY);
  });

  it('rejects a resolution without a retention', () => {
    const withFiveMinutes: StoreWindowing = {
      baseResolution: '30s',
      resolutions: ['30s', '5m'],
      parseDatestring: (date, resolution) => windowing.parseDatestring(date, resolution),
      windowsBetween: (from, to, resolution) => windowing.windowsBetween(from, to, resolution),
      lastWindows: (now, count, resolution) => windowing.lastWindows(now, count, resolution),
    };
    expect(() => new StatsStore(suite.redis, uniqueKeys(), { windowing: withFiveMinutes })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(new StatsStore(suite.redis, uniqueKeys(), { windowing: withFiveMinutes, retentionSeconds: { '5m': 3600 } })).toBeInstanceOf(StatsStore);
  });

  it('indexes branches (sorted, without *) and windows per branch and resolution', async () => {
    const { store } = setup();
    const now = windowing.windowStart(Date.now());
    await store.applyUnacked(aggregate([...sampleOrders(2, { branch: 'sunae', t: now }), ...sampleOrders(2, { branch: 'migeum', t: now - 30_000 })]));
    expect(await store.branches()).toEqual(['migeum', 'sunae']);
    const base = await store.storedWindows('*', '30s');
    expect(base.map((w) => w.start)).toEqual([now - 30_000, now]);
    expect(base.map((w) => w.date)).toEqual([windowing.datestring(now - 30_000, '30s'), windowing.datestring(now, '30s')]);
    expect(await store.storedWindows('sunae', '30s', now, now)).toEqual([{ date: windowing.datestring(now, '30s'), start: now }]);
    expect((await store.storedWindows('migeum', '1d')).map((w) => w.date)).toEqual([windowing.datestring(now - 30_000, '1d')]);
  });

  it('trims index entries older than the retention on the next apply', async () => {
    const { keys, store } = setup({ retentionSeconds: { '30s': 3600 } });
    const now = windowing.windowStart(Date.now());
    await suite.redis.zadd(keys.windowsIndex('jeongja', '30s'), now - 7_200_000, 'too-old', now - 60_000, 'recent');
    await store.applyUnacked(aggregate(sampleOrders(1, { t: now })));
    expect((await store.storedWindows('jeongja', '30s')).map((w) => w.date)).toEqual(['recent', windowing.datestring(now, '30s')]);
  });

  it('keeps the index of replayed history: retention counts back from the newest window, not the clock', async () => {
    const { store } = setup({ retentionSeconds: { '30s': 3600 } });
    const past = windowing.windowStart(Date.UTC(2020, 0, 1));
    await store.applyUnacked(aggregate(sampleOrders(1, { t: past })));
    await store.applyUnacked(aggregate(sampleOrders(1, { t: past + 30_000 })));
    expect((await store.storedWindows('jeongja', '30s')).map((w) => w.start)).toEqual([past, past + 30_000]);
  });

  it('reads one window hash as stored, {} when absent', async () => {
    const { store } = setup();
    const orders = sampleOrders(7);
    await store.applyUnacked(aggregate(orders));
    expect(await store.readWindow('jeongja', '20141001093030', 'CustomerAgeGrades')).toEqual(expectedCounts(orders, 'CustomerAgeGrades'));
    expect(await store.readWindow('jeongja', '2014100109', 'Orders')).toEqual(expectedCounts(orders, 'Orders'));
    expect(await store.readWindow('jeongja', '20141001093100', 'Orders')).toEqual({});
  });

  describe('history', () => {
    const first = sampleOrders(5, { t: T0 }); // 09:30:30
    const third = [...sampleOrders(4, { t: T0 + 60_000, seed: 1 }), { branch: 'jeongja', timestamp: T0 + 61_000, customerAgeGrade: '0000', paymentMethod: 'Coupon', orders: ['Dalgona'] }]; // 09:31:30
    const other = sampleOrders(3, { branch: 'migeum', t: T0 + 60_000, seed: 2 });
    const zeros = (vocabulary: readonly string[]): Record<string, number> => Object.fromEntries(vocabulary.map((c) => [c, 0]));
    let store: StatsStore;

    beforeAll(async () => {
      store = setup().store;
      await store.applyUnacked(aggregate([...first, ...third, ...other]));
    });

    it('lists the last N windows oldest first, zero-filled, with unknown categories', async () => {
      const history = await store.history({ branch: 'jeongja', types: ['CustomerAgeGrades', 'Orders'], resolution: '30s', last: 4, now: T0 + 95_000 });
      expect(Object.keys(history).sort()).toEqual(['CustomerAgeGrades', 'Orders']);
      const grades = history.CustomerAgeGrades;
      expect(grades.map((w) => [w.date, w.start])).toEqual([
        ['20141001093030', T0],
        ['20141001093100', T0 + 30_000],
        ['20141001093130', T0 + 60_000],
        ['20141001093200', T0 + 90_000],
      ]);
      expect(grades[0]).toEqual({ date: '20141001093030', start: T0, counts: { ...zeros(AGE_GRADES), ...expectedCounts(first, 'CustomerAgeGrades') }, total: 5 });
      expect(grades[1]).toEqual({ date: '20141001093100', start: T0 + 30_000, counts: zeros(AGE_GRADES), total: 0 });
      expect(grades[2]?.counts).toEqual({ ...zeros(AGE_GRADES), ...expectedCounts(third, 'CustomerAgeGrades') });
      expect(grades[2]?.counts['0000']).toBe(1);
      expect(history.Orders[2]?.counts).toEqual({ ...zeros(COFFEE_NAMES), ...expectedCounts(third, 'Orders') });
      expect(history.Orders[2]?.total).toBe(third.reduce((sum, o) => sum + o.orders.length, 0));
    });

    it('lists a from/to range at a rollup resolution, and all branches under *', async () => {
      const history = await store.history({ branch: '*', types: ['PaymentMethods'], resolution: '1m', from: T0, to: T0 + 95_000 });
      expect(history.PaymentMethods.map((w) => w.date)).toEqual(['201410010930', '201410010931', '201410010932']);
      expect(history.PaymentMethods[0]?.counts).toEqual({ ...zeros(PAYMENT_METHODS), ...expectedCounts(first, 'PaymentMethods') });
      expect(history.PaymentMethods[1]?.counts).toEqual({ ...zeros(PAYMENT_METHODS), ...expectedCounts([...third, ...other], 'PaymentMethods') });
      expect(history.PaymentMethods[2]?.total).toBe(0);
    });

    it('uses a configured vocabulary', async () => {
      const keys = uniqueKeys();
      const custom = new StatsStore(suite.redis, keys, { windowing, vocabulary: { PaymentMethods: ['Cash', 'Points'] } });
      await custom.applyUnacked(aggregate(first));
      const history = await custom.history({ branch: 'jeongja', types: ['PaymentMethods'], resolution: '1h', last: 1, now: T0 });
      expect(history.PaymentMethods[0]?.counts).toEqual({ Cash: 0, Points: 0, ...expectedCounts(first, 'PaymentMethods') });
    });

    it.each([
      ['no types', { branch: 'jeongja', types: [], resolution: '30s', last: 3, now: T0 }, 'INVALID_QUERY'],
      ['last 0', { branch: 'jeongja', types: ['Orders'], resolution: '30s', last: 0, now: T0 }, 'INVALID_QUERY'],
      ['an unknown resolution', { branch: 'jeongja', types: ['Orders'], resolution: '5m', last: 3, now: T0 }, 'INVALID_QUERY'],
      ['an unknown type', { branch: 'jeongja', types: ['Tips'], resolution: '30s', last: 3, now: T0 }, 'INVALID_QUERY'],
      ['from after to', { branch: 'jeongja', types: ['Orders'], resolution: '30s', from: T0 + 1, to: T0 }, 'INVALID_QUERY'],
      ['a time out of range', { branch: 'jeongja', types: ['Orders'], resolution: '30s', last: 3, now: -1e17 }, 'INVALID_QUERY'],
      ['too many windows (last)', { branch: 'jeongja', types: ['Orders'], resolution: '30s', last: 10_001, now: T0 }, 'RANGE_TOO_LARGE'],
      ['too many windows (range)', { branch: 'jeongja', types: ['Orders'], resolution: '30s', from: 0, to: T0 }, 'RANGE_TOO_LARGE'],
    ])('rejects a query with %s', async (_case, query, code) => {
      // @ts-expect-error -- malformed queries on purpose (what an unchecked caller could send)
      await expect(store.history(query)).rejects.toMatchObject({ code });
    });
  });

  it('reads the current totals of a branch and of all branches', async () => {
    const { store } = setup();
    const orders = sampleOrders(6);
    await store.applyUnacked(aggregate([...orders, ...sampleOrders(2, { branch: 'sunae' })]));
    const mine = await store.currentTotals('jeongja', T0 + 29_999);
    expect(mine).toEqual({
      branch: 'jeongja',
      date: '20141001093030',
      start: T0,
      end: T0 + 30_000,
      resolution: '30s',
      stats: perStatisticType((type) => expectedCounts(orders, type)),
    });
    const all = await store.currentTotals('*', T0);
    expect(Object.values(all.stats.CustomerAgeGrades).reduce((a, b) => a + b, 0)).toBe(8);
    expect((await store.currentTotals('jeongja', T0 + 30_000)).stats).toEqual(perStatisticType(() => ({})));
  });
  describe('user-named categories (__proto__, constructor, hasOwnProperty)', () => {
    const odd = ['__proto__', 'constructor', 'hasOwnProperty'];

    async function seedOdd(): Promise<{ keys: ReturnType<typeof uniqueKeys>; store: StatsStore }> {
      const { keys, store } = setup();
      for (const branch of ['__proto__', '*']) {
        // A field/value list: an object literal's `__proto__:` would set its prototype, not a field.
        await suite.redis.hset(keys.statsHash(branch, '20141001093030', 'Orders'), 'Americano', 1, '__proto__', 2, 'constructor', 3, 'hasOwnProperty', 4);
      }
      return { keys, store };
    }

    it('keeps them as own properties in readWindow, serialized by JSON.stringify', async () => {
      const { store } = await seedOdd();
      const counts = await store.readWindow('__proto__', '20141001093030', 'Orders');
      expect(odd.every((name) => Object.hasOwn(counts, name))).toBe(true);
      expect(JSON.stringify(counts)).toBe('{"Americano":1,"__proto__":2,"constructor":3,"hasOwnProperty":4}');
    });

    it('counts them in history windows and totals, paged or whole', async () => {
      const { store } = await seedOdd();
      const query = { branch: '*', types: ['Orders' as const], resolution: '30s', last: 3, now: T0 + 60_000 };
      const whole = (await store.history(query)).Orders;
      const windows = store.historyWindows(query);
      const paged = [...(await store.readWindows('*', 'Orders', windows.slice(0, 1))), ...(await store.readWindows('*', 'Orders', windows.slice(1)))];
      for (const history of [whole, paged]) {
        expect(history[0]?.total).toBe(10);
        expect(JSON.parse(JSON.stringify(history[0]?.counts))).toMatchObject({ Americano: 1, constructor: 3, hasOwnProperty: 4 });
        expect(Object.hasOwn(history[0]?.counts ?? {}, '__proto__')).toBe(true);
        expect(history[0]?.counts['__proto__']).toBe(2);
      }
      expect(JSON.stringify(paged)).toBe(JSON.stringify(whole));
      expect(await store.readWindows('*', 'Orders', [])).toEqual([]);
    });

    it('keeps them in window totals', async () => {
      const { store } = await seedOdd();
      const totals = await store.windowTotals('__proto__', '20141001093030');
      expect(Object.keys(totals.stats.Orders)).toEqual(['Americano', ...odd]);
    });
  });
});
