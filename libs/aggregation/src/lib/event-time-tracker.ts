import { AggregationError } from './aggregation.error';
import { compareBranchWindows, type BranchWindow } from './branch-window';
import { ALL_BRANCHES } from './contracts';
import { isCountableColumns } from './aggregate-columns';
import type { CountableColumns } from './countable-columns';
import type { CountableOrder } from './countable-order';
import type { Windowing, WindowRange } from './windowing';

/** Options of {@link EventTimeTracker}. */
export interface EventTimeTrackerOptions {
  /** How far behind the newest event time an order may be before it is late, ms. Default `5_000`. */
  allowedLatenessMs?: number;
  /**
   * Processing time without any order after which every open window is closed, ms (`Infinity`
   * disables). Default: window size + allowed lateness (35 s by default), so that when order times
   * follow the wall clock an idle close never closes a window that could still get on-time orders.
   */
  idleTimeoutMs?: number;
  /**
   * How far after the processing clock (`now` of {@link EventTimeTracker.observe}) an order time may
   * push the watermark, ms (`MAX_FUTURE_SKEW_SECONDS`; default `Infinity`, i.e. no bound). An order
   * beyond `now + maxFutureSkewMs` (which the processor dead-letters before counting) opens no window
   * and moves the watermark no further than that bound, and an idle close moves it no further
   * either: one far-future order can never make every later on-time order late or stop windows closing.
   */
  maxFutureSkewMs?: number;
}

/** What {@link EventTimeTracker.observe} saw in one batch. */
export interface ObservedBatch {
  /** Orders in the batch. */
  readonly orders: number;
  /** Orders whose time was before the watermark when they were observed. */
  readonly lateOrders: number;
  /** Sum and maximum of `watermark - timestamp` over the late orders, ms (0 when none). */
  readonly totalLatenessMs: number;
  readonly maxLatenessMs: number;
  /**
   * Base windows (per branch and `*`) that late orders landed in after the window had closed. They
   * are not reported by {@link EventTimeTracker.closedWindows} again: publish their updated totals
   * (read from the store) as late updates.
   */
  readonly lateWindows: readonly BranchWindow[];
  /** Watermark after the batch, epoch ms. */
  readonly watermark: number;
  /** Orders whose time lay beyond `now + maxFutureSkewMs` (not tracked; the processor dead-letters them). */
  readonly futureOrders: number;
}

/** Cumulative counters of an {@link EventTimeTracker}. */
export interface LatenessStats {
  /** Orders observed. */
  readonly orders: number;
  /** Of which late (time before the watermark when observed). */
  readonly lateOrders: number;
  /** Sum and maximum of `watermark - timestamp` over late orders, ms. */
  readonly totalLatenessMs: number;
  readonly maxLatenessMs: number;
}

interface OpenWindow {
  readonly range: WindowRange;
  readonly branches: Set<string>;
}

/**
 * Event time for a stream of order batches: the watermark (newest order time seen minus the allowed
 * lateness), late-order counters, and the base windows the watermark has closed.
 *
 * A base window (per branch, and per `*` for the roll-up) opens with its first order and closes
 * once the watermark reaches its end (`WindowRange.end`, so a window a fall-back transition repeats
 * closes after its second pass), or when the caller reports `idleTimeoutMs` of processing time
 * without orders. {@link closedWindows} returns each closed window exactly once. An order is late
 * when its time is before the watermark at the moment it is observed (orders are observed in batch
 * order); late orders are still aggregated normally by {@link aggregateBatch} — the tracker only
 * counts them, and names the already-closed windows they touched. Memory holds only open windows.
 * Pure: processing time (`now`) is passed in.
 */
export class EventTimeTracker {
  /** See {@link EventTimeTrackerOptions.allowedLatenessMs}. */
  readonly allowedLatenessMs: number;
  /** See {@link EventTimeTrackerOptions.idleTimeoutMs}. */
  readonly idleTimeoutMs: number;
  /** See {@link EventTimeTrackerOptions.maxFutureSkewMs}. */
  readonly maxFutureSkewMs: number;
  private readonly windowing: Windowing;
  private readonly open = new Map<number, OpenWindow>();
  private pending: BranchWindow[] = [];
  private maxTime = Number.NEGATIVE_INFINITY;
  private idleHorizon = Number.NEGATIVE_INFINITY;
  private lastActivityAt: number | undefined;
  private counters = { orders: 0, lateOrders: 0, totalLatenessMs: 0, maxLatenessMs: 0 };
  private lastGridStart = Number.NaN;
  private lastRange: WindowRange | undefined;

  /** @throws {AggregationError} `INVALID_OPTION` for a negative or non-finite lateness, or a non-positive idle timeout. */
  constructor(windowing: Windowing, options: EventTimeTrackerOptions = {}) {
    this.windowing = windowing;
    this.allowedLatenessMs = options.allowedLatenessMs ?? 5_000;
    if (!Number.isFinite(this.allowedLatenessMs) || this.allowedLatenessMs < 0) {
      throw new AggregationError('INVALID_OPTION', `allowedLatenessMs must be a finite number >= 0, got ${this.allowedLatenessMs}`);
    }
    this.idleTimeoutMs = options.idleTimeoutMs ?? windowing.windowSizeMs + this.allowedLatenessMs;
    if (typeof this.idleTimeoutMs !== 'number' || !(this.idleTimeoutMs > 0)) {
      throw new AggregationError('INVALID_OPTION', `idleTimeoutMs must be > 0 (or Infinity), got ${this.idleTimeoutMs}`);
    }
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? Number.POSITIVE_INFINITY;
    if (typeof this.maxFutureSkewMs !== 'number' || !(this.maxFutureSkewMs >= 0)) {
      throw new AggregationError('INVALID_OPTION', `maxFutureSkewMs must be >= 0 (or Infinity), got ${this.maxFutureSkewMs}`);
    }
  }

  /** Newest order time observed, epoch ms (`-Infinity` before the first order). */
  get maxEventTime(): number {
    return this.maxTime;
  }

  /**
   * `maxEventTime - allowedLatenessMs`, or the end of the newest window an idle close closed if that
   * is later; `-Infinity` before the first order. Never decreases.
   */
  get watermark(): number {
    return Math.max(this.maxTime - this.allowedLatenessMs, this.idleHorizon);
  }

  /** Cumulative order and lateness counters since construction. */
  get stats(): LatenessStats {
    return { ...this.counters };
  }

  /** Number of open base windows (a window counts once however many branches it has). */
  get openWindows(): number {
    return this.open.size;
  }

  /**
   * Observes a batch's orders in order: counts late ones, opens their windows, advances the
   * watermark and queues the windows it closes for {@link closedWindows}.
   * @param orders the orders, or the same orders as {@link CountableColumns} (same result).
   * @param now processing time, epoch ms: a batch with orders resets the idle timer.
   * @throws {AggregationError} `INVALID_TIMESTAMP` or `INVALID_BRANCH` (the batch is then not
   *   observed at all), `INVALID_ARGUMENT` for a non-finite `now`.
   */
  observe(orders: Iterable<CountableOrder> | CountableColumns, now: number): ObservedBatch {
    checkNow(now);
    const batch = isCountableColumns(orders) ? orders : columnsOf([...orders]);
    const { length, strings, timestamp, branch } = batch;
    // Checked first, so that a bad order leaves the tracker as it was; each branch once.
    const checked = new Uint8Array(strings.length);
    for (let i = 0; i < length; i++) {
      this.windowing.windowStart(timestamp[i]);
      const b = branch[i];
      if (checked[b] === 0) {
        const name = strings[b];
        if (typeof name !== 'string' || name.length === 0 || name === ALL_BRANCHES) {
          throw new AggregationError('INVALID_BRANCH', `branch must be a non-empty name other than "${ALL_BRANCHES}", got ${JSON.stringify(name)}`);
        }
        checked[b] = 1;
      }
    }
    let lateOrders = 0;
    let totalLatenessMs = 0;
    let maxLatenessMs = 0;
    let futureOrders = 0;
    const horizon = now + this.maxFutureSkewMs;
    const lateWindows = new Map<string, BranchWindow>();
    // The open window each branch was last added to: adding it again would change nothing.
    const addedTo: (OpenWindow | undefined)[] = new Array<OpenWindow | undefined>(strings.length).fill(undefined);
    // The last window met and its open state: windows only close after the loop, so it holds while the window does.
    let lastRange: WindowRange | undefined;
    let lastOpen: OpenWindow | undefined;
    for (let i = 0; i < length; i++) {
      const t = timestamp[i];
      if (t > horizon) {
        futureOrders++;
        continue;
      }
      const watermark = this.watermark;
      if (t < watermark) {
        const lateness = watermark - t;
        lateOrders++;
        totalLatenessMs += lateness;
        maxLatenessMs = Math.max(maxLatenessMs, lateness);
      }
      const range = this.rangeOf(t);
      const b = branch[i];
      if (range !== lastRange || lastOpen === undefined) {
        lastRange = range;
        lastOpen = this.open.get(range.start);
      }
      const open = lastOpen;
      if (open !== undefined) {
        if (addedTo[b] !== open) {
          open.branches.add(strings[b]);
          addedTo[b] = open;
        }
      } else if (range.end <= watermark) {
        for (const name of [ALL_BRANCHES, strings[b]]) {
          lateWindows.set(`${name}\u0000${range.start}`, { ...range, branch: name });
        }
      } else {
        const opened = { range, branches: new Set([ALL_BRANCHES, strings[b]]) };
        this.open.set(range.start, opened);
        addedTo[b] = opened;
        lastOpen = opened;
      }
      if (t > this.maxTime) {
        this.maxTime = t;
      }
    }
    if (length > 0) {
      this.lastActivityAt = now;
    }
    this.counters.orders += length;
    this.counters.lateOrders += lateOrders;
    this.counters.totalLatenessMs += totalLatenessMs;
    this.counters.maxLatenessMs = Math.max(this.counters.maxLatenessMs, maxLatenessMs);
    this.closeThrough(this.watermark);
    return {
      orders: length,
      lateOrders,
      totalLatenessMs,
      maxLatenessMs,
      lateWindows: [...lateWindows.values()].sort(compareBranchWindows),
      watermark: this.watermark,
      futureOrders,
    };
  }

  /**
   * Base windows closed since the last call (by the watermark, or now by the idle timeout), oldest
   * first, each `(branch, window)` exactly once, `*` included wherever any branch had an order.
   * @param now processing time, epoch ms: when `idleTimeoutMs` has passed since the last batch with
   *   orders, every open window closes and the watermark advances to the newest one's end.
   * @throws {AggregationError} `INVALID_ARGUMENT` for a non-finite `now`.
   */
  closedWindows(now: number): BranchWindow[] {
    checkNow(now);
    if (this.open.size > 0 && this.lastActivityAt !== undefined && now - this.lastActivityAt >= this.idleTimeoutMs) {
      let newestEnd = this.idleHorizon;
      for (const open of this.open.values()) {
        newestEnd = Math.max(newestEnd, open.range.end);
      }
      // Every open window closes, but the watermark moves no further than the clock's bound.
      this.idleHorizon = Math.max(this.idleHorizon, Math.min(newestEnd, now + this.maxFutureSkewMs));
      this.closeThrough(Number.POSITIVE_INFINITY);
    }
    const closed = this.pending.sort(compareBranchWindows);
    this.pending = [];
    return closed;
  }

  private closeThrough(watermark: number): void {
    for (const [start, open] of this.open) {
      if (open.range.end <= watermark) {
        for (const branch of open.branches) {
          this.pending.push({ ...open.range, branch });
        }
        this.open.delete(start);
      }
    }
  }

  private rangeOf(t: number): WindowRange {
    const gridStart = Math.floor(t / this.windowing.windowSizeMs) * this.windowing.windowSizeMs;
    if (gridStart !== this.lastGridStart || this.lastRange === undefined) {
      this.lastRange = this.windowing.windowAt(gridStart);
      this.lastGridStart = gridStart;
    }
    return this.lastRange;
  }
}

function checkNow(now: number): void {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new AggregationError('INVALID_ARGUMENT', `now must be epoch ms, got ${String(now)}`);
  }
}

/** The times and branches of orders as columns (the only fields the tracker reads); each distinct branch value one id. */
function columnsOf(orders: readonly CountableOrder[]): Pick<CountableColumns, 'length' | 'strings' | 'timestamp' | 'branch'> {
  const strings: string[] = [];
  const ids = new Map<unknown, number>();
  const branch = new Int32Array(orders.length);
  // Plain numbers as given (not a Float64Array, which would turn a string time into a number the check accepts).
  const timestamp = new Array<number>(orders.length);
  for (let i = 0; i < orders.length; i++) {
    const name = orders[i].branch;
    let id = ids.get(name);
    if (id === undefined) {
      id = strings.length;
      ids.set(name, id);
      strings.push(name);
    }
    branch[i] = id;
    timestamp[i] = orders[i].timestamp;
  }
  return { length: orders.length, strings, timestamp, branch };
}
