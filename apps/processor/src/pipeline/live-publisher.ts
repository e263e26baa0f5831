/** The part of a window's totals the publisher needs to tell windows apart. */
export interface LiveWindowRef {
  readonly branch: string;
  /** Base-window start, epoch ms. */
  readonly start: number;
}

/** One live update: a window's totals so far, and whether this is its close announcement. */
export interface LiveUpdate<T extends LiveWindowRef> {
  readonly totals: T;
  readonly final: boolean;
}

/** Clock and timers, injected so tests drive time by hand. */
export interface LiveScheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link LivePublisher}. */
export interface LivePublisherOptions<T extends LiveWindowRef> {
  /** Base window size, ms. */
  readonly windowSizeMs: number;
  /** Least time between two throttled publishes of one branch, ms. */
  readonly intervalMs: number;
  /**
   * Totals of a window are kept (for its close announcement) until it is this far behind the newest
   * window, ms of event time; choose more than the allowed lateness plus two windows.
   */
  readonly keepMs: number;
  /** Sends updates in order; a rejection makes the publisher send those windows again later. */
  readonly send: (updates: readonly LiveUpdate<T>[]) => Promise<void>;
  readonly onError?: (error: unknown) => void;
  readonly scheduler?: LiveScheduler;
}

interface WindowState<T> {
  totals: T;
  /** Totals changed since last sent. */
  dirty: boolean;
  /** Close announcement queued, not yet sent. */
  finalPending: boolean;
}

interface BranchState {
  lastSentAt: number;
  timer: unknown;
}


const realScheduler: LiveScheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Turns the totals the store returns after each batch into live updates: per branch at most one
 * publish round every `intervalMs` (latest totals win, so updates coalesce), and a close
 * announcement (`final: true`, not throttled, with the newest totals) for each window the caller
 * reports closed (the event-time tracker reports each window once). Totals of a window that was
 * already closed (late orders) are published again as ordinary updates. Sends go out one after
 * another, so a window's totals never go backwards on the channel.
 */
export class LivePublisher<T extends LiveWindowRef> {
  /** Windows with totals: open ones, and late-updated closed ones until they fall behind `keepMs`. */
  private readonly windows = new Map<string, WindowState<T>>();
  /** Windows with something to send (dirty or a queued close announcement). */
  private readonly pending = new Set<WindowState<T>>();
  private readonly branches = new Map<string, BranchState>();
  private readonly scheduler: LiveScheduler;
  private chain: Promise<void> = Promise.resolve();
  private retryTimer: unknown;
  private newestStart = Number.NEGATIVE_INFINITY;
  private prunedAt = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly options: LivePublisherOptions<T>) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  /** Takes the newest totals of the windows a batch touched (from the store, so never decreasing). */
  update(totals: readonly T[]): void {
    if (this.stopped) {
      return;
    }
    const touched = new Set<string>();
    for (const item of totals) {
      const key = windowKey(item);
      let state = this.windows.get(key);
      if (state === undefined) {
        state = { totals: item, dirty: true, finalPending: false };
        this.windows.set(key, state);
      } else {
        state.totals = item;
        state.dirty = true;
      }
      this.pending.add(state);
      this.newestStart = Math.max(this.newestStart, item.start);
      touched.add(item.branch);
    }
    for (const branch of touched) {
      this.schedule(branch);
    }
    this.forgetOld();
  }

  /**
   * Announces the given windows closed, at once, with their newest totals. A window without totals
   * here (none seen by this processor) is skipped. Returns how many were announced.
   */
  close(windows: readonly LiveWindowRef[]): number {
    if (this.stopped) {
      return 0;
    }
    let announced = 0;
    for (const ref of windows) {
      const key = windowKey(ref);
      const state = this.windows.get(key);
      if (state !== undefined) {
        // Forgotten here: a later (late) update starts afresh and is published as an ordinary update.
        this.windows.delete(key);
        state.finalPending = true;
        state.dirty = false;
        this.pending.add(state);
        announced++;
      }
    }
    if (announced > 0) {
      this.send(this.collect(() => false));
    }
    return announced;
  }

  /** Sends every pending update now, ignoring the throttle, and waits until all sends settled. */
  async flush(): Promise<void> {
    this.send(this.collect(() => true));
    await this.drain();
  }

  /** Waits until every send queued so far has settled. */
  async drain(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  /** Stops timers; later updates are ignored. */
  stop(): void {
    this.stopped = true;
    this.scheduler.clearTimeout(this.retryTimer);
    for (const branch of this.branches.values()) {
      this.scheduler.clearTimeout(branch.timer);
      branch.timer = undefined;
    }
  }

  /** Windows whose totals are held. */
  get size(): number {
    return this.windows.size;
  }

  private schedule(branch: string): void {
    const state = this.branchState(branch);
    if (state.timer !== undefined || this.stopped) {
      return;
    }
    const wait = state.lastSentAt + this.options.intervalMs - this.scheduler.now();
    if (wait <= 0) {
      this.send(this.collect((b) => b === branch));
      return;
    }
    state.timer = this.scheduler.setTimeout(() => {
      state.timer = undefined;
      this.send(this.collect((b) => b === branch));
    }, wait);
  }

  /** Takes every queued close announcement, plus the dirty windows of the branches `due` accepts. */
  private collect(due: (branch: string) => boolean): LiveUpdate<T>[] {
    const updates: LiveUpdate<T>[] = [];
    const now = this.scheduler.now();
    for (const state of this.pending) {
      if (state.finalPending) {
        state.finalPending = false;
        updates.push({ totals: state.totals, final: true });
      } else if (state.dirty && due(state.totals.branch)) {
        state.dirty = false;
        updates.push({ totals: state.totals, final: false });
        this.branchState(state.totals.branch).lastSentAt = now;
      }
      if (!state.dirty && !state.finalPending) {
        this.pending.delete(state);
      }
    }
    return updates;
  }

  private send(updates: LiveUpdate<T>[]): void {
    if (updates.length === 0) {
      return;
    }
    this.chain = this.chain.then(async () => {
      try {
        await this.options.send(updates);
      } catch (error) {
        this.options.onError?.(error);
        this.requeue(updates);
      }
    });
  }

  // A failed send is repeated later with the window's newest totals, so order and monotonicity hold.
  private requeue(updates: readonly LiveUpdate<T>[]): void {
    for (const update of updates) {
      const state = this.windows.get(windowKey(update.totals));
      if (update.final) {
        const retry = { totals: state?.totals ?? update.totals, dirty: false, finalPending: true };
        if (state !== undefined) {
          // Late totals arrived meanwhile: they ride on the repeated close announcement.
          this.windows.delete(windowKey(update.totals));
          this.pending.delete(state);
        }
        this.pending.add(retry);
      } else if (state !== undefined) {
        state.dirty = true;
        this.pending.add(state);
      }
    }
    if (this.retryTimer === undefined && !this.stopped) {
      this.retryTimer = this.scheduler.setTimeout(() => {
        this.retryTimer = undefined;
        this.send(this.collect(() => true));
      }, this.options.intervalMs);
    }
  }

  private branchState(branch: string): BranchState {
    let state = this.branches.get(branch);
    if (state === undefined) {
      state = { lastSentAt: Number.NEGATIVE_INFINITY, timer: undefined };
      this.branches.set(branch, state);
    }
    return state;
  }

  // Windows far behind the newest one are dropped (checked at most once per window of progress).
  private forgetOld(): void {
    if (this.newestStart < this.prunedAt + this.options.windowSizeMs) {
      return;
    }
    this.prunedAt = this.newestStart;
    const horizon = this.newestStart - this.options.keepMs;
    for (const [key, state] of this.windows) {
      if (!this.pending.has(state) && state.totals.start < horizon) {
        this.windows.delete(key);
      }
    }
  }
}

// By start, not `liveWindowKey` (branch + datestring): the closed windows it is handed (tracker, alert stage) carry
// only their start, which names a base window as one-to-one as its datestring. The windows map is a state table
// (totals held after sending for the close announcement, pruned by event time, closes never merged with later late
// updates), not a bounded newest-per-key queue, so it does not use `NewestPerKey` either.
function windowKey(ref: LiveWindowRef): string {
  return `${ref.branch}\u0000${ref.start}`;
}
