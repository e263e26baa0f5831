import { rmSync } from 'node:fs';
import { ALL_BRANCHES, STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import type { RedisClient } from '@coffee/redis-io';
import type { RedisCluster } from '@coffee/testing';
import type { Service } from './services';

/** What a cluster suite started: stopped in reverse order, then its cluster and its files removed. */
export interface ClusterRun {
  services: Service[];
  redis?: RedisClient;
  cluster?: RedisCluster;
  dir?: string;
}

/** Stops a cluster suite's services (newest first), its client and cluster, and removes its directory. */
export async function stopClusterRun({ services, redis, cluster, dir }: ClusterRun): Promise<void> {
  for (const service of [...services].reverse()) {
    await service.stop();
  }
  redis?.disconnect();
  await cluster?.stop();
  if (dir !== undefined) {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Datestring length of each resolution (the truth's hash keys are `branch:date:type`). */
const DATE_LENGTH: Record<string, number> = { '30s': 14, '1m': 12, '1h': 10, '1d': 8 };

const clientBranch = (branch: string): string => (branch === ALL_BRANCHES ? 'all' : branch);
const nonZero = (counts: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

/**
 * Asserts that the gateway's REST history at `resolution` over [from, to] equals the generator's truth hashes
 * for every branch given and every statistic type (windows with no counts left out on both sides).
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
    const body = (await response.json()) as { series: Record<StatisticType, { date: string; counts: Record<string, number> }[]> };
    for (const type of STATISTIC_TYPES) {
      const served = Object.fromEntries(body.series[type].map((w) => [w.date, nonZero(w.counts)]));
      const expected = Object.fromEntries(
        Object.entries(truthHashes)
          .filter(([key]) => key.startsWith(`${branch}:`) && key.endsWith(`:${type}`) && key.split(':')[1]?.length === dateLength)
          .map(([key, counts]) => [key.split(':')[1], counts]),
      );
      expect(served).toEqual(expected);
    }
  }
}
