import { ALL_BRANCHES, type AlertSeries } from '@coffee/aggregation';
import type { AlertInputs } from './alert-counts.reader';
import { compareIds, type AlertStageDeps, type CountedProgress } from './alert-stage';

/** Sums one branch's series read from each shard: a window is "no history" only when it is so in every shard. Pure. */
export function sumSeries(branch: string, parts: readonly AlertSeries[]): AlertSeries {
  const length = Math.max(0, ...parts.map((part) => part.counts.length));
  const counts = Array.from({ length }, (_, i) => {
    let sum: number | undefined;
    for (const part of parts) {
      const value = part.counts[i];
      if (value !== undefined) {
        sum = (sum ?? 0) + value;
      }
    }
    return sum;
  });
  const active = parts.map((part) => part.lastActiveBeforeMs).filter((ms): ms is number => ms !== undefined);
  return active.length === 0 ? { branch, counts } : { branch, counts, lastActiveBeforeMs: Math.max(...active) };
}

/** Sums the alert inputs read from each shard: chain and branches summed, branches unioned. Pure. */
export function sumAlertInputs(parts: readonly AlertInputs[]): AlertInputs {
  const byBranch = new Map<string, AlertSeries[]>();
  for (const part of parts) {
    for (const series of part.branches) {
      const list = byBranch.get(series.branch) ?? [];
      list.push(series);
      byBranch.set(series.branch, list);
    }
  }
  return {
    chain: sumSeries(ALL_BRANCHES, parts.map((part) => part.chain)),
    branches: [...byBranch.keys()].sort().map((branch) => sumSeries(branch, byBranch.get(branch) ?? [])),
  };
}

/**
 * The alert stage's counts reader over every order shard (`ORDER_SHARDS` > 1): each shard's reader
 * reads its partial counts (one pipelined round trip per shard, all at once) and the series are summed.
 */
export class ShardedAlertCountsReader implements Pick<AlertStageDeps['reader'], 'read' | 'firstWindow'> {
  constructor(private readonly shards: readonly AlertStageDeps['reader'][]) {}

  async firstWindow(): Promise<number | undefined> {
    const starts = (await Promise.all(this.shards.map((shard) => shard.firstWindow()))).filter((start): start is number => start !== undefined);
    return starts.length === 0 ? undefined : Math.min(...starts);
  }

  async read(windowStart: number): Promise<AlertInputs> {
    return sumAlertInputs(await Promise.all(this.shards.map((shard) => shard.read(windowStart))));
  }
}

/** Most marks {@link ShardedProgress} keeps (one per closed window waiting; the stage queues far fewer). */
const MAX_MARKS = 10_000;

/**
 * The consumer groups of every order shard as one {@link CountedProgress}. A mark is the newest
 * delivered id of **each** shard, handed to the stage as a synthetic id `<n>-0` (n counts up); the
 * oldest "pending" is `<n>-0` of the oldest mark that some shard has not finished (an entry at or
 * before that shard's part of the mark still pending), so the stage's comparison
 * `oldestPending <= mark` holds exactly while a window's entries are unacknowledged in any shard.
 * Marks are monotone (later marks are at or after earlier ones in every shard), so a finished
 * mark stays finished and is dropped.
 */
export class ShardedProgress implements CountedProgress {
  private readonly marks = new Map<number, readonly string[]>();
  private next = 1;

  constructor(private readonly shards: readonly CountedProgress[]) {}

  async lastDelivered(): Promise<string> {
    const ids = await Promise.all(this.shards.map((shard) => shard.lastDelivered()));
    const n = this.next++;
    this.marks.set(n, ids);
    if (this.marks.size > MAX_MARKS) {
      const [oldest] = this.marks.keys();
      if (oldest !== undefined) {
        this.marks.delete(oldest);
      }
    }
    return `${n}-0`;
  }

  async oldestPending(): Promise<string | undefined> {
    const oldest = await Promise.all(this.shards.map((shard) => shard.oldestPending()));
    for (const [n, ids] of this.marks) {
      const unfinished = oldest.some((pending, s) => pending !== undefined && compareIds(pending, ids[s] ?? '0-0') <= 0);
      if (unfinished) {
        return `${n}-0`;
      }
      this.marks.delete(n);
    }
    return undefined;
  }
}
