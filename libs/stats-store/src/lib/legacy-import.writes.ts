import { ALL_BRANCHES, type ResolutionId, type StatisticType, type Windowing, type WindowRange } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type { ChainableCommander } from 'ioredis';
import { planLegacyGroup, type LegacyGroupState, type LegacyWindowVerdict } from './legacy-import.plan';

/** Running totals and final summary of `importLegacy`. */
export interface LegacyImportSummary {
  /** Keys SCAN returned (every key of the database passes once, some twice). */
  keysScanned: number;
  /** Keys of the form `<branch>:<yyyyMMddHHmmss>:<type>` with a real branch and a known type. */
  windowHashes: number;
  /** Verdicts of those hashes (see `LegacyWindowVerdict`). */
  verdicts: Record<LegacyWindowVerdict, number>;
  /** Keys that look like window hashes but are skipped: reason → count. */
  skipped: Record<'not-a-window-start' | 'unknown-type' | 'not-a-branch' | 'not-a-hash', number>;
  /** Counts added to the roll-ups from old hashes, per statistic type (`ORDER_COUNT_TYPE`, CustomerAgeGrades, = orders). */
  countsAdded: Record<StatisticType, number>;
  /** Branches added to the branch list. */
  branchesAdded: number;
  /** Batches run again because Coffee Pulse wrote to a key while the batch was computed. */
  retries: number;
}

/** Old hashes of one branch, type and group window (the first roll-up resolution), met in one batch. */
export interface LegacyGroup {
  branch: string;
  type: StatisticType;
  windows: WindowRange[];
  rollupKey: string | undefined;
  /** Base datestrings of the keys SCAN returned in this batch: only these count in the summary. */
  scanned: Set<string>;
}

/** What every group of a run shares. */
export interface BatchContext {
  windowing: Windowing;
  retention: ReadonlyMap<ResolutionId, number>;
  withTtl: boolean;
}

/** Marker field of one base-window hash. */
export function markerField(date: string, type: StatisticType): string {
  return `${date}:${type}`;
}

/**
 * A batch's writes, coalesced: many old hashes of one batch share their hour and day roll-ups, `*`
 * hashes and indexes, so each key and field gets one command however many hashes feed it.
 */
export interface BatchWrites {
  /** Hash key → field → increment. */
  increments: Map<string, Map<string, number>>;
  /** Windows index key → datestring → start (epoch ms). */
  indexes: Map<string, Map<string, number>>;
  /** Key → TTL seconds (only with `retention`). */
  expires: Map<string, number>;
  /** Marker key → field → JSON counts. */
  markers: Map<string, Map<string, string>>;
  branches: Set<string>;
}

export function emptyWrites(): BatchWrites {
  return { increments: new Map(), indexes: new Map(), expires: new Map(), markers: new Map(), branches: new Set() };
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * Queues a batch's writes on `multi`, SADD to the branch list last (its reply counts the branches
 * added). Returns how many commands were queued.
 */
export function queueWrites(multi: ChainableCommander, keys: RedisKeys, writes: BatchWrites): number {
  let size = 0;
  for (const [key, fields] of writes.increments) {
    for (const [field, count] of fields) {
      multi.hincrby(key, field, count);
      size += 1;
    }
  }
  for (const [key, members] of writes.indexes) {
    multi.zadd(key, ...[...members].flatMap(([date, start]) => [start, date]));
    size += 1;
  }
  for (const [key, ttl] of writes.expires) {
    multi.expire(key, ttl);
    size += 1;
  }
  for (const [key, fields] of writes.markers) {
    multi.hset(key, Object.fromEntries(fields));
    size += 1;
  }
  if (writes.branches.size > 0) {
    multi.sadd(keys.branchesIndex, ...writes.branches);
    size += 1;
  }
  return size;
}

/** Plans one group and adds its writes to the batch's. */
export function planGroupWrites(writes: BatchWrites, keys: RedisKeys, group: LegacyGroup, state: LegacyGroupState, context: BatchContext, summary: LegacyImportSummary): void {
  const plan = planLegacyGroup(state);
  plan.verdicts.forEach((verdict, w) => {
    const date = group.windows[w]?.date ?? '';
    if (group.scanned.has(date)) {
      summary.windowHashes += 1;
      summary.verdicts[verdict] += 1;
    }
  });
  const { windowing, retention, withTtl } = context;
  const expire = (key: string, resolution: ResolutionId): void => {
    const ttl = retention.get(resolution);
    if (withTtl && ttl !== undefined) {
      writes.expires.set(key, ttl);
    }
  };
  // A window is imported when SCAN returns its own key; its group's other windows only inform the plan.
  for (const item of plan.imports.filter((entry) => group.scanned.has(entry.date))) {
    for (const resolution of windowing.resolutions) {
      const window = resolution === windowing.baseResolution ? { date: item.date, start: item.start } : windowing.windowAt(item.start, resolution);
      for (const branch of [group.branch, ALL_BRANCHES]) {
        const hash = keys.statsHash(branch, window.date, group.type);
        if (branch !== group.branch || resolution !== windowing.baseResolution) {
          const fields = entry(writes.increments, hash, () => new Map<string, number>());
          for (const [field, count] of Object.entries(item.add)) {
            fields.set(field, (fields.get(field) ?? 0) + count);
          }
        }
        expire(hash, resolution);
        const index = keys.windowsIndex(branch, resolution);
        entry(writes.indexes, index, () => new Map<string, number>()).set(window.date, window.start);
        expire(index, resolution);
      }
    }
    entry(writes.markers, keys.legacyImportMarker(group.branch), () => new Map<string, string>()).set(markerField(item.date, group.type), JSON.stringify(item.marker));
    writes.branches.add(group.branch);
    summary.countsAdded[group.type] += Object.values(item.add).reduce((a, b) => a + b, 0);
  }
}

