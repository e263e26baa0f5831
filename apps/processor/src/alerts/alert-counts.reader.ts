import { ALL_BRANCHES, type AlertSeries, type Windowing } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type { RedisClient as Redis } from '@coffee/redis-io';

/** What the rules need for one base window: the chain's and every branch's series, from the stored counts. */
export interface AlertInputs {
  readonly chain: AlertSeries;
  readonly branches: readonly AlertSeries[];
}

/**
 * Reads, for one closed base window, the orders per window of the chain and of every branch (the
 * `PaymentMethods` hash counts each order once) over the `length` windows ending with it, each
 * branch's first stored window (windows before it are "no history") and its newest window with
 * orders before the evaluated one — in one pipelined round trip (plus one for the branch list).
 * Reading stored counts, never this processor's memory, is what makes every processor agree.
 */
export class AlertCountsReader {
  /** First stored window per branch: it only moves when retention prunes it, which the rules never reach. */
  private readonly firstStarts = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly windowing: Windowing,
    private readonly length: number,
  ) {}

  /** Start of the chain's (`*`) first stored base window; `undefined` when nothing is stored. */
  async firstWindow(): Promise<number | undefined> {
    return scoreOf(await this.redis.zrange(this.keys.windowsIndex(ALL_BRANCHES, this.windowing.baseResolution), 0, 0, 'WITHSCORES'));
  }

  async read(windowStart: number): Promise<AlertInputs> {
    const size = this.windowing.windowSizeMs;
    const base = this.windowing.baseResolution;
    const branches = (await this.redis.smembers(this.keys.branchesIndex)).filter((branch) => branch !== ALL_BRANCHES).sort();
    const all = [ALL_BRANCHES, ...branches];
    const starts = Array.from({ length: this.length }, (_, i) => windowStart - (this.length - 1 - i) * size);
    const dates = starts.map((start) => this.windowing.datestring(start, base));
    const pipeline = this.redis.pipeline();
    for (const branch of all) {
      const index = this.keys.windowsIndex(branch, base);
      pipeline.zrange(index, 0, 0, 'WITHSCORES');
      pipeline.zrevrangebyscore(index, `(${windowStart}`, '-inf', 'WITHSCORES', 'LIMIT', 0, 1);
      for (const date of dates) {
        pipeline.hvals(this.keys.statsHash(branch, date, 'PaymentMethods'));
      }
    }
    const replies = (await pipeline.exec()) ?? [];
    const perBranch = 2 + dates.length;
    const series = all.map((branch, b): AlertSeries => {
      const reply = (offset: number): unknown => {
        const [error, value] = replies[b * perBranch + offset] ?? [new Error('missing reply'), null];
        if (error !== null) {
          throw error;
        }
        return value;
      };
      const first = scoreOf(reply(0));
      if (first !== undefined) {
        const known = this.firstStarts.get(branch);
        this.firstStarts.set(branch, known === undefined ? first : Math.min(known, first));
      }
      const firstStart = this.firstStarts.get(branch);
      const lastActiveBeforeMs = scoreOf(reply(1));
      const counts = starts.map((start, i) => {
        if (firstStart === undefined || start < firstStart) {
          return undefined;
        }
        const values = reply(2 + i);
        return Array.isArray(values) ? values.reduce((sum: number, value) => sum + Number(value), 0) : 0;
      });
      return lastActiveBeforeMs === undefined ? { branch, counts } : { branch, counts, lastActiveBeforeMs };
    });
    const [chain, ...rest] = series;
    return { chain: chain ?? { branch: ALL_BRANCHES, counts: [] }, branches: rest };
  }
}

function scoreOf(reply: unknown): number | undefined {
  if (!Array.isArray(reply) || reply.length < 2) {
    return undefined;
  }
  const score = Number(reply[1]);
  return Number.isFinite(score) ? score : undefined;
}
