// Covers the processor's bounds on real Redis with the built app: a far-future order is dead-lettered and does not stop windows closing, the per-window category cap and length limit, prototype-like names stored as they are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OVERFLOW_CATEGORY, Windowing, type LiveStatisticsBody } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { LiveChannel, type LiveSubscription } from '@coffee/stats-store';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import { appendLines, assertDrained, buildApps, cleanUp, metricValue, startProcessor, waitForHealth, type ProcessorProcess } from './support/processor-harness';

jest.setTimeout(120_000);

const WINDOW_MS = 30_000;
const windowing = new Windowing();

function line(branch: string, timestamp: number, orders: string[] = ['Americano'], paymentMethod = 'Cash'): string {
  return JSON.stringify({ branch, orders, paymentMethod, customerAgeGrade: '2030', timestamp });
}

async function hash(redis: Redis, key: string): Promise<Record<string, number>> {
  const out: [string, number][] = [];
  for (const field of await redis.hkeys(key)) {
    out.push([field, Number(await redis.hget(key, field))]);
  }
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('processor bounds', () => {
  let server: RedisServer;
  let redis: Redis;
  let subscriber: Redis;
  let subscription: LiveSubscription;
  let processor: ProcessorProcess;
  let dir: string;
  const keys = new RedisKeys({ prefix: 'bounds:' });
  const packets: LiveStatisticsBody[] = [];
  // Five minutes ago, on the window grid: W0 = [t0, t0 + 30 s), W1 the next one.
  const t0 = Math.floor((Date.now() - 300_000) / WINDOW_MS) * WINDOW_MS;
  const w0 = windowing.datestring(t0, '30s');
  const w1 = windowing.datestring(t0 + WINDOW_MS, '30s');
  const coffees = Array.from({ length: 12 }, (_, i) => `c-${i + 1}`);

  beforeAll(async () => {
    buildApps();
    server = await startRedisServer();
    redis = new Redis(server.url);
    subscriber = new Redis(server.url);
    subscription = await LiveChannel.subscribe(subscriber, keys, (packet) => packets.push(packet.body));
    dir = mkdtempSync(join(tmpdir(), 'processor-bounds-'));
    processor = await startProcessor({
      REDIS_URL: server.url,
      KEY_PREFIX: keys.prefix,
      BATCH_ENTRIES: '1',
      PUBLISH_INTERVAL_MS: '100',
      IDLE_CLOSE_MS: '600000', // windows close by the watermark only
      MAX_CATEGORIES_PER_WINDOW: '5',
      MAX_CATEGORY_LENGTH: '16',
    });
    await waitForHealth(processor);
    await appendLines(
      redis,
      keys,
      [
        line('jeongja', t0 + 1_000),
        line('jeongja', t0 + 2_000, [...coffees, 'x'.repeat(17), '__proto__', 'constructor']),
        line('__proto__', t0 + 3_000, ['__proto__', 'hasOwnProperty'], 'constructor'),
        line('sunae', Date.UTC(9999, 11, 29)),
        line('sunae', Date.now() + 3_600_000),
        line('jeongja', t0 + 20_000, ['Espresso']),
        line('jeongja', t0 + 40_000),
        line('jeongja', t0 + 75_000),
      ],
      1,
    );
    await expectEventually(() => assertDrained(redis, keys), { timeoutMs: 30_000, intervalMs: 100 });
  }, 300_000);

  afterAll(async () => {
    await processor?.stop('SIGTERM');
    await cleanUp();
    await subscription?.close();
    subscriber?.disconnect();
    redis?.disconnect();
    await server?.stop();
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dead-letters orders beyond MAX_FUTURE_SKEW_SECONDS with TIMESTAMP_OUT_OF_RANGE and counts nothing for them', async () => {
    const letters = (await redis.xrange(keys.deadLetterStream, '-', '+')).map(([, fields]) => fields[fields.indexOf('code') + 1]);
    expect(letters).toEqual(['TIMESTAMP_OUT_OF_RANGE', 'TIMESTAMP_OUT_OF_RANGE']);
    expect(await redis.sismember(keys.branchesIndex, 'sunae')).toBe(0);
    expect(await metricValue(processor, 'coffee_processor_rejected_orders_total')).toBe(2);
  });

  it('keeps closing windows after a far-future order: later on-time orders are not late, W0 and W1 are announced final', async () => {
    await expectEventually(
      () => {
        const finals = new Set(packets.filter((p) => p.final).map((p) => `${p.branch}@${p.date}`));
        expect([`jeongja@${w0}`, `*@${w0}`, `jeongja@${w1}`, `*@${w1}`, `__proto__@${w0}`].filter((w) => !finals.has(w))).toEqual([]);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(await metricValue(processor, 'coffee_processor_late_orders_total')).toBe(0);
  });

  it('caps distinct categories per window and counts overlong names under __other__, totals exact', async () => {
    // Americano (vocabulary) first; then, sorted, __other__ (the overlong name), __proto__, c-1, c-10 fill the 5 fields;
    // c-11, c-12, c-2..c-9 and constructor overflow; Espresso is vocabulary.
    expect(await hash(redis, keys.statsHash('jeongja', w0, 'Orders'))).toEqual({
      Americano: 1,
      Espresso: 1,
      [OVERFLOW_CATEGORY]: 1 + 10 + 1,
      ['__proto__']: 1,
      'c-1': 1,
      'c-10': 1,
    });
    expect(await metricValue(processor, 'coffee_processor_category_overflow_total', 'reason="cap"')).toBeGreaterThan(0);
    expect(await metricValue(processor, 'coffee_processor_category_overflow_total', 'reason="too_long"')).toBe(1);
  });

  it('stores __proto__, constructor and hasOwnProperty as branch and category names', async () => {
    expect(Object.entries(await hash(redis, keys.statsHash('__proto__', w0, 'Orders')))).toEqual([
      ['__proto__', 1],
      ['hasOwnProperty', 1],
    ]);
    expect(Object.entries(await hash(redis, keys.statsHash('__proto__', w0, 'PaymentMethods')))).toEqual([['constructor', 1]]);
    expect(await redis.sismember(keys.branchesIndex, '__proto__')).toBe(1);
  });
});
