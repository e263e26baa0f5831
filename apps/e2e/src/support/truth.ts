// The generator's truth file and the checks of stored hashes against it, for the suites that run the pipeline end to end.
import { readFileSync } from 'node:fs';
import type { ChainableCommander } from 'ioredis';
import { ALL_BRANCHES, STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { expectEventually } from '@coffee/testing';

/** What the generator's `--truth` file holds: orders and cups written, and every hash `branch:date:type` it must produce. */
export interface Truth {
  orders: number;
  cups: number;
  hashes: Record<string, Record<string, number>>;
}

/** Where a layout of keys puts a stats hash (`RedisKeys`, or one order shard's keys). */
export interface StatsHashKeys {
  statsHash(branch: string, date: string, type: StatisticType): string;
}

/** The sum of `counts` (stored hashes hold numbers as strings). */
export const total = (counts: Record<string, number | string>): number => Object.values(counts).reduce<number>((sum, n) => sum + Number(n), 0);

/** Reads a truth file the generator wrote. */
export function readTruth(path: string): Truth {
  return JSON.parse(readFileSync(path, 'utf8')) as Truth;
}

/** The date (`yyyyMMdd`) of the truth's all-branches day hash of `type`; throws when it has none. */
export function allBranchesDay(truth: Truth, type: StatisticType): string {
  const dayKey = Object.keys(truth.hashes).find((k) => k.startsWith(`${ALL_BRANCHES}:`) && k.split(':')[1]?.length === 8 && k.endsWith(`:${type}`));
  if (dayKey === undefined) {
    throw new Error(`truth has no all-branches day hash of ${type}`);
  }
  return dayKey.split(':')[1] ?? '';
}

/** Waits until the all-branches day total of cups, summed over `layouts` (one per order shard), equals the truth's. */
export async function waitUntilAllCounted(
  redis: { hgetall(key: string): Promise<Record<string, string>> },
  layouts: readonly StatsHashKeys[],
  truth: Truth,
  timeoutMs: number,
): Promise<void> {
  const day = allBranchesDay(truth, 'Orders');
  await expectEventually(
    async () => {
      const parts = await Promise.all(layouts.map((keys) => redis.hgetall(keys.statsHash(ALL_BRANCHES, day, 'Orders'))));
      expect(parts.reduce((sum, counts) => sum + Object.values(counts).reduce((part, n) => part + Number(n), 0), 0)).toBe(truth.cups);
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/**
 * Reads every hash of the truth through one pipeline (on a cluster connection all must share a slot) and lists
 * each one whose stored counts differ from the truth's (empty: every stored hash equals the truth exactly).
 */
export async function storedHashMismatches(redis: { pipeline(): ChainableCommander }, keys: StatsHashKeys, truth: Truth): Promise<string[]> {
  const entries = Object.entries(truth.hashes);
  const pipeline = redis.pipeline();
  for (const [key] of entries) {
    const [branch = '', date = '', type = ''] = key.split(':');
    pipeline.hgetall(keys.statsHash(branch, date, type as StatisticType));
  }
  const results = (await pipeline.exec()) ?? [];
  const mismatches: string[] = [];
  entries.forEach(([key, expected], i) => {
    const stored = Object.fromEntries(Object.entries((results[i]?.[1] ?? {}) as Record<string, string>).map(([f, n]) => [f, Number(n)]));
    if (JSON.stringify(Object.entries(stored).sort()) !== JSON.stringify(Object.entries(expected).sort())) {
      mismatches.push(`${key}: stored ${JSON.stringify(stored)} expected ${JSON.stringify(expected)}`);
    }
  });
  return mismatches;
}

/** Datestring length of each resolution (the truth's hash keys are `branch:date:type`). */
const DATE_LENGTH: Record<string, number> = { '30s': 14, '1m': 12, '1h': 10, '1d': 8 };

/** The branch as the gateway's clients name it (`all` for the roll-up). */
export const clientBranch = (branch: string): string => (branch === ALL_BRANCHES ? 'all' : branch);
/** `counts` without its zero entries. */
export const nonZero = (counts: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

/**
 * Asserts that the gateway's REST history at `resolution` over [from, to] equals the generator's truth hashes
 * for every branch given and every statistic type (windows with no counts left out on both sides), and that each
 * served window's total is the sum of its counts.
 */
export async function expectRestHistoryMatchesTruth(
  gatewayUrl: string,
  truthHashes: Record<string, Record<string, number>>,
  { resolution, from, to, branches }: { resolution: string; from: number; to: number; branches: readonly string[] },
): Promise<void> {
  const dateLength = DATE_LENGTH[resolution];
  for (const branch of branches) {
    const response = await fetch(`${gatewayUrl}/api/stats?branch=${clientBranch(branch)}&type=${STATISTIC_TYPES.join(',')}&resolution=${resolution}&from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { series: Record<StatisticType, { date: string; counts: Record<string, number>; total: number }[]> };
    for (const type of STATISTIC_TYPES) {
      const served = Object.fromEntries(body.series[type].map((w) => [w.date, nonZero(w.counts)]));
      const expected = Object.fromEntries(
        Object.entries(truthHashes)
          .filter(([key]) => key.startsWith(`${branch}:`) && key.endsWith(`:${type}`) && key.split(':')[1]?.length === dateLength)
          .map(([key, counts]) => [key.split(':')[1], counts]),
      );
      expect(served).toEqual(expected);
      for (const window of body.series[type]) {
        expect(window.total).toBe(total(window.counts));
      }
    }
  }
}
