import { AggregationError } from './aggregation.error';
import { compareBranchWindows, type BranchWindow } from './branch-window';
import { STATISTIC_TYPES, type BatchDelta, type LiveStatisticsBody, type StatisticType } from './contracts';
import { ORDER_COUNT_TYPE, perStatisticType } from './statistic-types';
import type { Windowing, WindowRange } from './windowing';

/** Options of {@link LiveTotals}. */
export interface LiveTotalsOptions {
  /** Most `(branch, window)` entries held; beyond it the oldest windows are evicted. Default `10_000`. */
  maxWindows?: number;
}

/** Totals so far of one branch's base window, per statistic type (category → count, keys sorted). */
export interface WindowTotals extends BranchWindow {
  readonly stats: Record<StatisticType, Record<string, number>>;
}

/** Counts of one statistic type, given as a record (as HGETALL returns, converted to numbers) or a map. */
export type CategoryCounts = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

interface Entry {
  readonly window: BranchWindow;
  readonly counts: Record<StatisticType, Map<string, number>>;
}

/**
 * Running totals of the open base windows, per branch (and `*`), so a processor can publish a
 * window's totals so far without reading them back from the store. Fed with each batch's deltas
 * ({@link applyDelta}) or with totals a store returned ({@link setTotals}); windows are evicted once
 * announced ({@link evictThrough}, {@link evict}) and, as a bound, the oldest beyond `maxWindows`.
 *
 * Deltas for a window that ended at or before the eviction horizon are ignored: its totals are no
 * longer known here (a late update), so take them from the store with {@link setTotals}.
 */
export class LiveTotals {
  /** See {@link LiveTotalsOptions.maxWindows}. */
  readonly maxWindows: number;
  private readonly windowing: Windowing;
  private readonly entries = new Map<string, Entry>();
  private horizon = Number.NEGATIVE_INFINITY;

  /** @throws {AggregationError} `INVALID_OPTION` unless `maxWindows` is a positive integer. */
  constructor(windowing: Windowing, options: LiveTotalsOptions = {}) {
    this.windowing = windowing;
    this.maxWindows = options.maxWindows ?? 10_000;
    if (!Number.isInteger(this.maxWindows) || this.maxWindows < 1) {
      throw new AggregationError('INVALID_OPTION', `maxWindows must be a positive integer, got ${this.maxWindows}`);
    }
  }

  /** Number of `(branch, window)` entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Eviction horizon: windows ending at or before it are not tracked (`-Infinity` until the first eviction). */
  get evictedThrough(): number {
    return this.horizon;
  }

  /**
   * Adds a batch's base-resolution increments (other resolutions are ignored) and returns the
   * `(branch, window)` entries it changed, oldest first. Windows ending at or before the eviction
   * horizon are skipped.
   */
  applyDelta(delta: BatchDelta): BranchWindow[] {
    const touched = new Map<Entry, BranchWindow>();
    for (const hash of delta.hashes) {
      if (hash.resolution !== this.windowing.baseResolution) {
        continue;
      }
      const range = this.windowing.parseDatestring(hash.date, hash.resolution);
      if (range.end <= this.horizon) {
        continue;
      }
      const entry = this.entry(hash.branch, range);
      const counts = entry.counts[hash.type];
      for (const [field, n] of hash.fields) {
        counts.set(field, (counts.get(field) ?? 0) + n);
      }
      touched.set(entry, entry.window);
    }
    this.enforceBound();
    return [...touched.values()].sort(compareBranchWindows);
  }

  /**
   * Replaces the totals of the given statistic types of one window (e.g. with the totals a store
   * returned after applying a batch). Always stored, even behind the eviction horizon, so a late
   * update can be published; evict it once published.
   * @param start the window's start (`WindowRange.start`, or `HashDelta.start` at the base resolution).
   * @throws {AggregationError} `INVALID_ARGUMENT` when `start` is not a base window's start;
   *   `INVALID_BRANCH` for an empty branch.
   */
  setTotals(branch: string, start: number, stats: Partial<Record<StatisticType, CategoryCounts>>): BranchWindow {
    if (typeof branch !== 'string' || branch.length === 0) {
      throw new AggregationError('INVALID_BRANCH', `branch must be a non-empty string, got ${JSON.stringify(branch)}`);
    }
    const range = this.windowing.windowAt(start);
    if (range.start !== start) {
      throw new AggregationError('INVALID_ARGUMENT', `${start} is not the start of a ${this.windowing.baseResolution} window (${range.start} is)`);
    }
    const entry = this.entry(branch, range);
    for (const type of STATISTIC_TYPES) {
      const given = stats[type];
      if (given !== undefined) {
        entry.counts[type] = new Map(given instanceof Map ? given : Object.entries(given));
      }
    }
    this.enforceBound();
    return entry.window;
  }

  /** Totals so far of a branch's window (`start` as in {@link setTotals}), or `undefined` when not held. */
  get(branch: string, start: number): WindowTotals | undefined {
    const entry = this.entries.get(key(branch, start));
    if (entry === undefined) {
      return undefined;
    }
    const stats = {} as Record<StatisticType, Record<string, number>>;
    for (const type of STATISTIC_TYPES) {
      stats[type] = Object.fromEntries([...entry.counts[type].entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    }
    return { ...entry.window, stats };
  }

  /**
   * The live packet body of a held window: `counts` are its customer-age-grade totals (the original
   * field), `stats` every type's totals, `final` as given (true on the announcement at close).
   * Returns `undefined` when the window is not held.
   */
  body(branch: string, start: number, final: boolean): LiveStatisticsBody | undefined {
    const totals = this.get(branch, start);
    if (totals === undefined) {
      return undefined;
    }
    return {
      branch: totals.branch,
      date: totals.date,
      counts: Object.entries(totals.stats[ORDER_COUNT_TYPE]).map(([type, count]) => ({ type, count })),
      start: totals.start,
      end: totals.end,
      resolution: totals.resolution,
      stats: totals.stats,
      final,
    };
  }

  /** Every held `(branch, window)`, oldest first. */
  windows(): BranchWindow[] {
    return [...this.entries.values()].map((e) => e.window).sort(compareBranchWindows);
  }

  /** Drops one window of one branch; returns whether it was held. Does not move the horizon. */
  evict(branch: string, start: number): boolean {
    return this.entries.delete(key(branch, start));
  }

  /**
   * Drops every window ending at or before `t` (e.g. the tracker's watermark after announcing the
   * closed windows) and moves the eviction horizon to `t` if later. Returns how many were dropped.
   */
  evictThrough(t: number): number {
    this.horizon = Math.max(this.horizon, t);
    let dropped = 0;
    for (const [k, entry] of this.entries) {
      if (entry.window.end <= t) {
        this.entries.delete(k);
        dropped++;
      }
    }
    return dropped;
  }

  private entry(branch: string, range: WindowRange): Entry {
    const k = key(branch, range.start);
    let entry = this.entries.get(k);
    if (entry === undefined) {
      entry = { window: { ...range, branch }, counts: perStatisticType(() => new Map<string, number>()) };
      this.entries.set(k, entry);
    }
    return entry;
  }

  /** Over the bound, drops whole windows (every branch of a start), oldest first, and moves the horizon past them. */
  private enforceBound(): void {
    if (this.entries.size <= this.maxWindows) {
      return;
    }
    const byStart = new Map<number, string[]>();
    for (const [k, entry] of this.entries) {
      const keys = byStart.get(entry.window.start) ?? [];
      keys.push(k);
      byStart.set(entry.window.start, keys);
    }
    for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
      if (this.entries.size <= this.maxWindows) {
        break;
      }
      for (const k of byStart.get(start) ?? []) {
        const entry = this.entries.get(k);
        if (entry !== undefined) {
          this.horizon = Math.max(this.horizon, entry.window.end);
          this.entries.delete(k);
        }
      }
    }
  }
}

function key(branch: string, start: number): string {
  return `${branch}\u0000${start}`;
}
