import { AggregationError } from './aggregation.error';

/** Options of {@link NewestPerKey}. */
export interface NewestPerKeyOptions {
  /**
   * Most entries kept (pinned ones not counted); beyond it the least recently updated one is
   * dropped. A positive integer or `Infinity`.
   */
  readonly max: number;
}

/** What {@link NewestPerKey.set} did besides storing the value. */
export interface NewestPerKeyChange<V> {
  /** The value the new one replaced (same key), if any. */
  readonly replaced: V | undefined;
  /** The least recently updated value dropped to stay within `max`, if any. */
  readonly dropped: V | undefined;
}

/**
 * The newest value per key, in order of last update (oldest first), at most `max` of them: the one
 * rule for live updates that carry totals so far (not increments), where only the newest of a
 * window matters. Setting a key again replaces its value and moves it to the end; beyond `max` the
 * least recently updated entry is dropped. Pinned entries ({@link pin}) wait in the same order but
 * are never replaced by {@link set}, never dropped and not counted against `max` (e.g. replies to
 * requests queued behind updates; the caller bounds how many it pins). Iterating while deleting
 * the entry just visited is safe. Pure data structure, no I/O.
 */
export class NewestPerKey<V> {
  /** See {@link NewestPerKeyOptions.max}. */
  readonly max: number;
  private readonly entries = new Map<string, { value: V; pinned: boolean }>();
  private pinned = 0;

  /** @throws {AggregationError} `INVALID_OPTION` unless `max` is a positive integer or `Infinity`. */
  constructor(options: NewestPerKeyOptions) {
    this.max = options.max;
    if (!(this.max === Number.POSITIVE_INFINITY || (Number.isInteger(this.max) && this.max >= 1))) {
      throw new AggregationError('INVALID_OPTION', `max must be a positive integer or Infinity, got ${this.max}`);
    }
  }

  /** Entries held, pinned ones included. */
  get size(): number {
    return this.entries.size;
  }

  /** Stores `value` as the newest of `key` (moved to the end), dropping the least recently updated unpinned entry beyond `max`. */
  set(key: string, value: V): NewestPerKeyChange<V> {
    const replaced = this.remove(key);
    this.entries.set(key, { value, pinned: false });
    let dropped: V | undefined;
    if (this.entries.size - this.pinned > this.max) {
      for (const [oldest, entry] of this.entries) {
        if (!entry.pinned) {
          this.entries.delete(oldest);
          dropped = entry.value;
          break;
        }
      }
    }
    return { replaced, dropped };
  }

  /** Queues `value` at the end under `key` (unique to it): never replaced by {@link set}, never dropped, not counted against `max`. */
  pin(key: string, value: V): void {
    this.remove(key);
    this.entries.set(key, { value, pinned: true });
    this.pinned += 1;
  }

  /** The value held for `key`. */
  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Removes `key`; returns its value, if it was held. */
  delete(key: string): V | undefined {
    return this.remove(key);
  }

  /** `[key, value]` pairs, least recently updated first. */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) {
      yield [key, entry.value];
    }
  }

  /** Values, least recently updated first. */
  values(): V[] {
    return [...this.entries.values()].map((entry) => entry.value);
  }

  /** Removes and returns every value, least recently updated first. */
  take(): V[] {
    const values = this.values();
    this.entries.clear();
    this.pinned = 0;
    return values;
  }

  private remove(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    this.entries.delete(key);
    if (entry.pinned) {
      this.pinned -= 1;
    }
    return entry.value;
  }
}

/** What names a live update's window: a branch (or `*`) and its base-window datestring. */
export interface LiveWindowId {
  readonly branch: string;
  /** Base-window datestring (`yyyyMMddHHmmss`): the stored window's name, which `start` is derived from. */
  readonly date: string;
}

/**
 * The key of a live update's window: branch + base-window datestring. The one rule for "the same
 * window" wherever only the newest update of a window is kept (two updates with equal keys carry
 * totals of one stored window). Pure.
 */
export function liveWindowKey(window: LiveWindowId): string {
  return `${window.branch}\u0000${window.date}`;
}

/**
 * The newest of each window among `updates` (see {@link liveWindowKey}), in order of last update
 * (an update that is replaced moves to the end), at most `max` (the most recently updated). Each
 * update carries its window's totals so far, so applying the result shows what applying every
 * update in order would. Pure: `updates` is not changed.
 */
export function newestPerWindow<U extends LiveWindowId>(updates: Iterable<U>, max: number): U[] {
  const newest = new NewestPerKey<U>({ max });
  for (const update of updates) {
    newest.set(liveWindowKey(update), update);
  }
  return newest.values();
}
