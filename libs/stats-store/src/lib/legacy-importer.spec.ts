// Covers importLegacy on a real redis-server: 2014 SaveBolt hashes beside Coffee Pulse's own, every view after import, idempotence, TTLs.
import { aggregateBatch, STATISTIC_TYPES, Windowing, type CountableOrder, type ResolutionId } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type Redis from 'ioredis';
import { sampleOrders, T0, connect, uniqueKeys, useStoreServer } from '../testing';
import { importLegacy, type LegacyImportSummary } from './legacy-importer';
import { StatsStore } from './stats-store';

const windowing = new Windowing();
const HOUR = 3_600_000;
const DAY = 86_400_000;
const RESOLUTIONS: readonly ResolutionId[] = ['30s', '1m', '1h', '1d'];

/** Old orders: jeongja in three windows (one Coffee Pulse also writes), migeum only in old data, two days. */
const OLD: readonly CountableOrder[] = [
  ...sampleOrders(5, { t: T0 - 30_000, stepMs: 1000 }),
  ...sampleOrders(4, { t: T0, stepMs: 1000, seed: 3 }),
  ...sampleOrders(3, { t: T0 + HOUR, stepMs: 1000, seed: 1 }),
  ...sampleOrders(6, { branch: 'migeum', t: T0 - 30_000, stepMs: 1000, seed: 2 }),
  ...sampleOrders(2, { branch: 'migeum', t: T0 + DAY, stepMs: 1000, seed: 5 }),
];
/** New orders (Coffee Pulse): the shared jeongja window, a jeongja window of its own, seohyeon beside migeum's old window. */
const NEW: readonly CountableOrder[] = [
  ...sampleOrders(4, { t: T0 + 10_000, stepMs: 1000, seed: 7 }),
  ...sampleOrders(3, { t: T0 + 60_000, stepMs: 1000 }),
  ...sampleOrders(5, { branch: 'seohyeon', t: T0 - 30_000, stepMs: 1000, seed: 4 }),
];

/** Writes orders the way the 2014 SaveBolt did: HINCRBY into `<branch>:<date>:<type>` base hashes, no TTL, nothing else. */
async function seedOld(redis: Redis, keys: RedisKeys, orders: readonly CountableOrder[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const hash of aggregateBatch(orders, windowing).hashes) {
    if (hash.resolution === windowing.baseResolution && hash.branch !== '*') {
      for (const [field, count] of hash.fields) {
        pipeline.hincrby(keys.statsHash(hash.branch, hash.date, hash.type), field, count);
      }
    }
  }
  await pipeline.exec();
}

/** Every key under the prefix with its type, content and absolute expiry (EXPIRETIME: stable across time). */
async function dump(redis: Redis, keys: RedisKeys): Promise<Record<string, unknown>> {
  const all: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${keys.prefix}*`, 'COUNT', 1000);
    cursor = next;
    all.push(...page);
  } while (cursor !== '0');
  const out: Record<string, unknown> = {};
  for (const key of [...new Set(all)].sort()) {
    const type = await redis.type(key);
    const value =
      type === 'hash' ? await redis.hgetall(key) : type === 'zset' ? await redis.zrange(key, 0, -1, 'WITHSCORES') : (await redis.smembers(key)).sort();
    out[key] = { type, value, expireAt: await redis.call('EXPIRETIME', key) };
  }
  return out;
}

/** Every view the gateway serves: each branch and `*`, four resolutions, three types, plus the windows indexes. */
async function views(store: StatsStore): Promise<unknown> {
  const out: unknown[] = [await store.branches()];
  for (const branch of ['jeongja', 'migeum', 'seohyeon', '*']) {
    for (const resolution of RESOLUTIONS) {
      const [from, to] = resolution === '30s' || resolution === '1m' ? [T0 - 60_000, T0 + HOUR + 60_000] : [T0 - DAY, T0 + 2 * DAY];
      out.push(await store.history({ branch, resolution, types: STATISTIC_TYPES, from, to }));
      out.push(await store.storedWindows(branch, resolution));
    }
  }
  return out;
}

describe('importLegacy', () => {
  const suite = useStoreServer();
  let importer: Redis;
  beforeAll(() => {
    importer = connect(suite.server.url);
  });

  async function importedSetup(): Promise<{ keys: RedisKeys; store: StatsStore; summary: LegacyImportSummary }> {
    const keys = uniqueKeys();
    const store = new StatsStore(suite.redis, keys, { windowing });
    await seedOld(suite.redis, keys, OLD);
    await store.applyUnacked(aggregateBatch(NEW, windowing));
    const summary = await importLegacy(importer, keys, { windowing, scanCount: 3 });
    return { keys, store, summary };
  }

  it('makes every view equal what Coffee Pulse would show had it counted the old orders itself', async () => {
    const reference = new StatsStore(suite.redis, uniqueKeys(), { windowing });
    await reference.applyUnacked(aggregateBatch([...OLD, ...NEW], windowing));
    const { store, summary } = await importedSetup();

    expect(await views(store)).toEqual(await views(reference));
    expect(await store.branches()).toEqual(['jeongja', 'migeum', 'seohyeon']);
    // 4 old-only windows × 4 types, the shared jeongja window's 4 hashes, 2 Coffee Pulse-only windows × 4.
    expect(summary.verdicts).toMatchObject({ new: 16, shared: 4, 'coffee-pulse': 8, grown: 0, 'already-imported': 0 });
    expect(summary.countsAdded.CustomerAgeGrades).toBe(OLD.length);
    expect(summary.branchesAdded).toBe(1);
  }, 30_000);

  it('changes nothing when run a second time', async () => {
    const { keys, store } = await importedSetup();
    const before = await dump(suite.redis, keys);
    const viewsBefore = await views(store);

    const again = await importLegacy(importer, keys, { windowing, scanCount: 1000 });

    expect(await dump(suite.redis, keys)).toEqual(before);
    expect(await views(store)).toEqual(viewsBefore);
    expect(again.countsAdded).toEqual({ CustomerAgeGrades: 0, PaymentMethods: 0, Orders: 0, OrderSizes: 0 });
    expect(again.verdicts).toMatchObject({ new: 0, grown: 0, shared: 0, 'already-imported': 20, 'coffee-pulse': 8 });
  }, 30_000);

  it('leaves hashes without TTL without one, and keys it creates without one; Coffee Pulse keys keep theirs', async () => {
    const { keys } = await importedSetup();
    const ttl = (key: string): Promise<number> => suite.redis.ttl(key);

    expect(await ttl(keys.statsHash('migeum', '20141001093000', 'Orders'))).toBe(-1);
    expect(await ttl(keys.statsHash('migeum', '201410010930', 'Orders'))).toBe(-1);
    expect(await ttl(keys.statsHash('migeum', '20141002', 'PaymentMethods'))).toBe(-1);
    expect(await ttl(keys.windowsIndex('migeum', '30s'))).toBe(-1);
    expect(await ttl(keys.legacyImportMarker('migeum'))).toBe(-1);
    // `*` of 09:30:00 and jeongja's minute were written by Coffee Pulse first: their retention stays.
    expect(await ttl(keys.statsHash('*', '20141001093000', 'Orders'))).toBeGreaterThan(0);
    expect(await ttl(keys.statsHash('jeongja', '201410010930', 'Orders'))).toBeGreaterThan(0);
  });

  it.each([
    ['30s', '20141001093000', 2 * 86_400],
    ['1m', '201410010930', 7 * 86_400],
    ['1h', '2014100109', 90 * 86_400],
    ['1d', '20141001', 730 * 86_400],
  ])('with retention, gives %s keys the store retention', async (resolution, date, seconds) => {
    const keys = uniqueKeys();
    await seedOld(suite.redis, keys, OLD);
    await importLegacy(importer, keys, { windowing, retention: true });
    for (const key of [keys.statsHash('migeum', date, 'Orders'), keys.statsHash('*', date, 'Orders'), keys.windowsIndex('migeum', resolution as ResolutionId)]) {
      const ttl = await suite.redis.ttl(key);
      expect(ttl).toBeGreaterThan(seconds - 60);
      expect(ttl).toBeLessThanOrEqual(seconds);
    }
  });

  it('adds only the growth of an old hash the old topology kept writing', async () => {
    const { keys, store } = await importedSetup();
    const more = sampleOrders(2, { branch: 'migeum', t: T0 - 29_000, stepMs: 1000, seed: 9 });
    const before = await store.history({ branch: '*', resolution: '1h', types: ['CustomerAgeGrades'], from: T0, to: T0 });
    await seedOld(suite.redis, keys, more);

    const summary = await importLegacy(importer, keys, { windowing });

    const after = await store.history({ branch: '*', resolution: '1h', types: ['CustomerAgeGrades'], from: T0, to: T0 });
    expect(after.CustomerAgeGrades[0]?.total).toBe((before.CustomerAgeGrades[0]?.total ?? 0) + 2);
    expect(summary.verdicts.grown).toBe(4);
  });

  it('skips keys that only look like window hashes and leaves them as they are', async () => {
    const keys = uniqueKeys();
    await suite.redis.hset(keys.statsHash('jeongja', '20141001093015', 'Orders'), 'Americano', 1);
    await suite.redis.hset(`${keys.prefix}jeongja:20141001093000:Weather`, 'sunny', 1);
    await suite.redis.set(keys.statsHash('jeongja', '20141001093000', 'Orders'), 'not a hash');

    const summary = await importLegacy(importer, keys, { windowing });

    expect(summary.skipped).toEqual({ 'not-a-window-start': 1, 'unknown-type': 1, 'not-a-branch': 0, 'not-a-hash': 1 });
    expect(await suite.redis.smembers(keys.branchesIndex)).toEqual([]);
  });

  it('rejects a SCAN count above its limit', async () => {
    await expect(importLegacy(importer, uniqueKeys(), { windowing, scanCount: 10_001 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
