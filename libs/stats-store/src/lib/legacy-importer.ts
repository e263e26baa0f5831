import { ALL_BRANCHES, perStatisticType, STATISTIC_TYPES, type ResolutionId, type StatisticType, type Windowing, type WindowRange } from '@coffee/aggregation';
import { isValidBranchName } from '@coffee/order-schema';
import type { RedisKeys } from '@coffee/redis-io';
import type Redis from 'ioredis';
import { countsOf } from './apply-batch.codec';
import type { Counts, LegacyGroupState, LegacyWindowVerdict } from './legacy-import.plan';
import { emptyWrites, markerField, planGroupWrites, queueWrites, type BatchContext, type LegacyGroup, type LegacyImportSummary } from './legacy-import.writes';

export type { LegacyImportSummary } from './legacy-import.writes';
import { StatsStoreError } from './stats-store.error';
import { resolveStoreOptions } from './stats-store.options';

/** Options of {@link importLegacy}. */
export interface LegacyImportOptions {
  /** The processor's window arithmetic (same window size, time zone and resolutions). */
  windowing: Windowing;
  /**
   * Give every key the import writes the store's retention TTL of its resolution, the old hashes
   * included. Default `false`: hashes without TTL keep none, and keys the import creates get none.
   */
  retention?: boolean;
  /** Retention seconds per resolution when `retention` is set (defaults: the stats store's). */
  retentionSeconds?: Partial<Record<ResolutionId, number>>;
  /** SCAN `COUNT` hint, 1..10 000; also bounds one batch. Default 500. */
  scanCount?: number;
  /** Called after every batch with the running totals. */
  onProgress?: (progress: LegacyImportSummary) => void;
}

const MAX_ATTEMPTS = 20;
const TYPES: readonly string[] = STATISTIC_TYPES;

interface Candidate {
  key: string;
  branch: string;
  type: StatisticType;
  window: WindowRange;
}

function emptySummary(): LegacyImportSummary {
  return {
    keysScanned: 0,
    windowHashes: 0,
    verdicts: { new: 0, grown: 0, shared: 0, 'already-imported': 0, 'coffee-pulse': 0, absent: 0, shrunk: 0 },
    skipped: { 'not-a-window-start': 0, 'unknown-type': 0, 'not-a-branch': 0, 'not-a-hash': 0 },
    countsAdded: perStatisticType(() => 0),
    branchesAdded: 0,
    retries: 0,
  };
}

/**
 * Adopts the window hashes of a 2014 deployment (`<branch>:<yyyyMMddHHmmss>:<type>`, written by its
 * SaveBolt, no TTL): one pass of `SCAN` (never `KEYS`), batch by batch, builds what Coffee Pulse's
 * processor would have written for them: the all-branches (`*`) hash of each window, the branch's
 * and `*` roll-ups at every coarser resolution, the windows indexes and the branch list. Each old
 * hash is added once: a marker per branch (`RedisKeys.legacyImportMarker`) records what was added,
 * so a second run adds nothing and a hash that grew adds only its growth. Windows Coffee Pulse also
 * wrote are never counted twice (see `planLegacyGroup` for the rule). Each batch is one optimistic
 * transaction (WATCH … MULTI/EXEC): a processor writing the same keys meanwhile makes it run again.
 * Memory is bounded by one batch.
 *
 * `redis` (without ioredis `keyPrefix`) is only duplicated: the import runs on a connection of its own.
 * @throws StatsStoreError `INVALID_OPTIONS`, `REDIS_ERROR`.
 */
export async function importLegacy(redis: Redis, keys: RedisKeys, options: LegacyImportOptions): Promise<LegacyImportSummary> {
  const scanCount = options.scanCount ?? 500;
  if (!Number.isSafeInteger(scanCount) || scanCount < 1 || scanCount > 10_000) {
    throw new StatsStoreError('INVALID_OPTIONS', `scanCount: must be an integer in 1..10000, got ${scanCount}`);
  }
  const { windowing } = options;
  const retention = resolveStoreOptions({ windowing, retentionSeconds: options.retentionSeconds }).retentionSeconds;
  // A connection of its own: WATCH is per connection, and a MULTI/EXEC cut off by a disconnect must
  // fail (the caller runs the import again: markers make that safe) rather than be resent without WATCH.
  const conn = redis.duplicate({ autoResendUnfulfilledCommands: false, enableOfflineQueue: false, lazyConnect: true });
  let connectionError: Error | undefined;
  conn.on('error', (error: Error) => {
    connectionError = error;
  });
  try {
    await conn.connect();
    return await scanAndImport(conn, keys, options, retention, scanCount);
  } catch (error) {
    const reason = connectionError === undefined ? error : new Error(`${connectionError.message} (${String(error)})`, { cause: error });
    throw StatsStoreError.fromRedis(reason, 'importLegacy');
  } finally {
    conn.disconnect();
  }
}

async function scanAndImport(
  redis: Redis,
  keys: RedisKeys,
  options: LegacyImportOptions,
  retention: ReadonlyMap<ResolutionId, number>,
  scanCount: number,
): Promise<LegacyImportSummary> {
  const { windowing } = options;
  const summary = emptySummary();
  let cursor = '0';
  do {
    let page: string[];
    [cursor, page] = await redis.scan(cursor, 'MATCH', keys.baseStatsHashPattern(), 'COUNT', scanCount);
    summary.keysScanned += page.length;
    const groups = groupCandidates(candidatesOf(page, keys, windowing, summary), keys, windowing);
    if (groups.length > 0) {
      await importBatch(redis, keys, groups, { windowing, retention, withTtl: options.retention === true }, summary);
    }
    options.onProgress?.(summary);
  } while (cursor !== '0');
  return summary;
}

function candidatesOf(page: readonly string[], keys: RedisKeys, windowing: Windowing, summary: LegacyImportSummary): Candidate[] {
  const out: Candidate[] = [];
  for (const key of page) {
    const parsed = keys.parseBaseStatsHash(key);
    if (parsed === undefined || parsed.branch === ALL_BRANCHES) {
      continue;
    }
    if (!TYPES.includes(parsed.type)) {
      summary.skipped['unknown-type'] += 1;
      continue;
    }
    if (!isValidBranchName(parsed.branch) || parsed.branch === 'all') {
      summary.skipped['not-a-branch'] += 1;
      continue;
    }
    let window: WindowRange;
    try {
      window = windowing.parseDatestring(parsed.date, windowing.baseResolution);
    } catch {
      summary.skipped['not-a-window-start'] += 1;
      continue;
    }
    out.push({ key, branch: parsed.branch, type: parsed.type as StatisticType, window });
  }
  return out;
}

/** Groups a batch's hashes by branch, type and window of the first roll-up resolution. */
function groupCandidates(candidates: readonly Candidate[], keys: RedisKeys, windowing: Windowing): LegacyGroup[] {
  const groupResolution = windowing.resolutions.find((resolution) => resolution !== windowing.baseResolution);
  const groups = new Map<string, LegacyGroup>();
  for (const candidate of candidates) {
    const outer = groupResolution === undefined ? undefined : windowing.windowAt(candidate.window.start, groupResolution);
    const id = `${candidate.branch}\n${candidate.type}\n${outer?.date ?? candidate.window.date}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = {
        branch: candidate.branch,
        type: candidate.type,
        windows:
          outer === undefined ? [candidate.window] : windowing.windowsBetween(outer.start, outer.end - 1, windowing.baseResolution),
        rollupKey: outer === undefined ? undefined : keys.statsHash(candidate.branch, outer.date, candidate.type),
        scanned: new Set(),
      };
      groups.set(id, group);
    }
    group.scanned.add(candidate.window.date);
  }
  return [...groups.values()];
}

function parseMarker(value: unknown): Counts | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  return countsOf(JSON.parse(value));
}

async function importBatch(redis: Redis, keys: RedisKeys, groups: readonly LegacyGroup[], context: BatchContext, summary: LegacyImportSummary): Promise<void> {
  const watched = new Set<string>();
  for (const group of groups) {
    watched.add(keys.legacyImportMarker(group.branch));
    if (group.rollupKey !== undefined) {
      watched.add(group.rollupKey);
    }
    for (const window of group.windows) {
      watched.add(keys.statsHash(group.branch, window.date, group.type));
    }
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await redis.watch([...watched]);
      const states = await readStates(redis, keys, groups, summary);
      const batchSummary = emptySummary();
      const writes = emptyWrites();
      states.forEach((state, g) => {
        const group = groups[g];
        if (group !== undefined && state !== undefined) {
          planGroupWrites(writes, keys, group, state, context, batchSummary);
        }
      });
      const multi = redis.multi();
      const size = queueWrites(multi, keys, writes);
      if (size === 0) {
        multi.discard();
        await redis.unwatch();
        merge(summary, batchSummary);
        return;
      }
      const result = await multi.exec();
      if (result !== null) {
        for (const [error] of result) {
          if (error !== null) {
            throw error;
          }
        }
        batchSummary.branchesAdded = writes.branches.size > 0 ? Number(result[size - 1]?.[1] ?? 0) : 0;
        merge(summary, batchSummary);
        return;
      }
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'importLegacy');
    }
    summary.retries += 1;
    if (attempt >= MAX_ATTEMPTS) {
      throw new StatsStoreError('REDIS_ERROR', `importLegacy: a batch kept changing under the import (${attempt} attempts)`);
    }
  }
}

/** Reads every group's base hashes, their TTLs, markers and the group roll-up in one pipeline. */
async function readStates(redis: Redis, keys: RedisKeys, groups: readonly LegacyGroup[], summary: LegacyImportSummary): Promise<(LegacyGroupState | undefined)[]> {
  const pipeline = redis.pipeline();
  for (const group of groups) {
    for (const window of group.windows) {
      const key = keys.statsHash(group.branch, window.date, group.type);
      pipeline.hgetall(key).ttl(key);
    }
    pipeline.hmget(keys.legacyImportMarker(group.branch), ...group.windows.map((window) => markerField(window.date, group.type)));
    if (group.rollupKey !== undefined) {
      pipeline.hgetall(group.rollupKey);
    }
  }
  const replies = (await pipeline.exec()) ?? [];
  let at = 0;
  const next = (): [Error | null, unknown] => replies[at++] ?? [null, null];
  return groups.map((group) => {
    const raw = group.windows.map(() => ({ hash: next(), ttl: next() }));
    const [, markers] = next();
    const rollup = group.rollupKey === undefined ? undefined : next();
    if (raw.some((r) => r.hash[0] !== null) || (rollup !== undefined && rollup[0] !== null)) {
      summary.skipped['not-a-hash'] += group.scanned.size;
      return undefined;
    }
    const markerValues = Array.isArray(markers) ? markers : [];
    return {
      windows: group.windows.map((window, w) => {
        const counts = countsOf(raw[w]?.hash[1]);
        const ttl = Number(raw[w]?.ttl[1] ?? -2);
        return { date: window.date, start: window.start, counts: ttl === -2 ? undefined : counts, ttl, marker: parseMarker(markerValues[w]) };
      }),
      groupRollup: rollup === undefined ? undefined : countsOf(rollup[1]),
    };
  });
}

function merge(into: LegacyImportSummary, from: LegacyImportSummary): void {
  into.windowHashes += from.windowHashes;
  for (const key of Object.keys(from.verdicts) as LegacyWindowVerdict[]) {
    into.verdicts[key] += from.verdicts[key];
  }
  for (const type of STATISTIC_TYPES) {
    into.countsAdded[type] += from.countsAdded[type];
  }
  into.branchesAdded += from.branchesAdded;
}
