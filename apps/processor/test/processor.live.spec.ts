// Covers event time and the live channel: shuffled and late orders land in their own windows, each window is announced closed once, totals on the channel never decrease and end equal to the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATISTIC_TYPES, type LiveStatisticsBody } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { LiveChannel, type LiveSubscription } from '@coffee/stats-store';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import {
  appendLines,
  assertDrained,
  buildApps,
  cleanUp,
  diffAgainstTruth,
  mergeTruths,
  metricValue,
  readLines,
  readTruth,
  runGenerator,
  startProcessor,
  waitForHealth,
  type ProcessorProcess,
  type Truth,
} from './support/processor-harness';

jest.setTimeout(120_000);

const WINDOW_MS = 30_000;

/** `<branch>@<base datestring>` of every base window in a truth. */
function baseWindows(truth: Truth): Set<string> {
  const windows = new Set<string>();
  for (const key of Object.keys(truth.hashes)) {
    const [branch = '', date = ''] = key.split(':');
    if (date.length === 14) {
      windows.add(`${branch}@${date}`);
    }
  }
  return windows;
}

describe('processor event time and live channel', () => {
  let server: RedisServer;
  let redis: Redis;
  let subscriber: Redis;
  let subscription: LiveSubscription;
  let processor: ProcessorProcess;
  let dir: string;
  const keys = new RedisKeys({ prefix: 'live:' });
  const packets: LiveStatisticsBody[] = [];
  let truth: Truth;
  let lateTruth: Truth;

  beforeAll(async () => {
    buildApps();
    server = await startRedisServer();
    redis = new Redis(server.url);
    subscriber = new Redis(server.url);
    subscription = await LiveChannel.subscribe(subscriber, keys, (packet) => packets.push(packet.body));
    dir = mkdtempSync(join(tmpdir(), 'processor-live-'));

    // 40k orders over 20 minutes of event time, each moved by up to ±20 s (lateness allowed: 5 s).
    const start = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000;
    await runGenerator([
      '--rate', 'max', '--count', '40000', '--seed', '9', '--timestamps', '--start', String(start), '--interval-ms', '30',
      '--disorder-ms', '20000', '--out', join(dir, 'orders.txt'), '--truth', join(dir, 'truth.json'),
    ]);
    // Then, after every window is closed: late orders for windows 2 to 4 minutes in.
    await runGenerator([
      '--rate', 'max', '--count', '400', '--seed', '10', '--timestamps', '--start', String(start + 4 * WINDOW_MS), '--interval-ms', '300',
      '--out', join(dir, 'late.txt'), '--truth', join(dir, 'late-truth.json'),
    ]);
    truth = readTruth(join(dir, 'truth.json'));
    lateTruth = readTruth(join(dir, 'late-truth.json'));

    processor = await startProcessor({
      REDIS_URL: server.url,
      KEY_PREFIX: keys.prefix,
      CONSUMER_NAME: 'live-1',
      BATCH_ENTRIES: '1',
      PUBLISH_INTERVAL_MS: '100',
      IDLE_CLOSE_MS: '1500',
    });
    await waitForHealth(processor);
    await appendLines(redis, keys, readLines(join(dir, 'orders.txt')), 2_000);
    await expectEventually(() => assertDrained(redis, keys), { timeoutMs: 60_000, intervalMs: 200 });
    // The last windows close after the idle time.
    const expected = baseWindows(truth);
    await expectEventually(
      () => {
        const finals = new Set(packets.filter((p) => p.final).map((p) => `${p.branch}@${p.date}`));
        expect([...expected].filter((w) => !finals.has(w))).toEqual([]);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await appendLines(redis, keys, readLines(join(dir, 'late.txt')));
    await expectEventually(() => assertDrained(redis, keys), { timeoutMs: 30_000, intervalMs: 100 });
    // Late updates are published too (throttled): wait until the channel shows the stored totals.
    await expectEventually(async () => expect(await staleWindows(baseWindows(lateTruth))).toEqual([]), { timeoutMs: 20_000, intervalMs: 100 });
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

  /** Windows whose last packet differs from what is stored. */
  async function staleWindows(windows: Iterable<string>): Promise<string[]> {
    const last = new Map<string, LiveStatisticsBody>();
    for (const packet of packets) {
      last.set(`${packet.branch}@${packet.date}`, packet);
    }
    const stale: string[] = [];
    for (const window of windows) {
      const [branch = '', date = ''] = window.split('@');
      for (const type of STATISTIC_TYPES) {
        const stored = Object.fromEntries(Object.entries(await redis.hgetall(keys.statsHash(branch, date, type))).map(([k, v]) => [k, Number(v)]));
        if (JSON.stringify(sorted(last.get(window)?.stats[type] ?? {})) !== JSON.stringify(sorted(stored))) {
          stale.push(`${window}/${type}`);
        }
      }
    }
    return stale;
  }

  it('stores shuffled and late orders in their own windows: every hash equals the truth', async () => {
    expect(await diffAgainstTruth(redis, keys, mergeTruths(truth, lateTruth))).toEqual([]);
    expect(await metricValue(processor, 'coffee_processor_late_orders_total')).toBeGreaterThan(400);
  });

  it('announces every window closed exactly once, and late updates afterwards as ordinary updates', () => {
    const finals = packets.filter((p) => p.final).map((p) => `${p.branch}@${p.date}`);
    expect(new Set(finals).size).toBe(finals.length);
    expect(new Set(finals)).toEqual(baseWindows(truth));
    for (const window of baseWindows(lateTruth)) {
      const forWindow = packets.filter((p) => `${p.branch}@${p.date}` === window);
      const finalAt = forWindow.findIndex((p) => p.final);
      expect(finalAt).toBeGreaterThanOrEqual(0);
      expect(forWindow.slice(finalAt + 1).length).toBeGreaterThan(0);
      expect(forWindow.slice(finalAt + 1).every((p) => !p.final)).toBe(true);
    }
  });

  it('shows running totals that never decrease within a window and end equal to the stored totals', async () => {
    const previous = new Map<string, LiveStatisticsBody>();
    const decreases: string[] = [];
    for (const packet of packets) {
      const window = `${packet.branch}@${packet.date}`;
      const before = previous.get(window);
      for (const type of STATISTIC_TYPES) {
        for (const [category, count] of Object.entries(before?.stats[type] ?? {})) {
          if ((packet.stats[type][category] ?? 0) < count) {
            decreases.push(`${window} ${type}.${category}: ${count} → ${packet.stats[type][category] ?? 0}`);
          }
        }
      }
      previous.set(window, packet);
      expect(packet.end - packet.start).toBe(WINDOW_MS);
      expect(packet.counts).toEqual(Object.entries(packet.stats.CustomerAgeGrades).sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count })));
    }
    expect(decreases).toEqual([]);
    expect(await staleWindows(previous.keys())).toEqual([]);
    expect(new Set(previous.keys())).toEqual(baseWindows(truth));
  });
});

function sorted(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
