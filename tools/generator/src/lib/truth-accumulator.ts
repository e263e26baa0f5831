import { STATISTIC_TYPE_TABLE, type StatisticTypeSpec } from '@coffee/aggregation';
import type { CoffeeOrder } from '@coffee/order-schema';
import { WindowLabeler } from './window-labeler';

/**
 * The oracle the system is compared against: it takes from @coffee/aggregation only the table of
 * statistic types (which types exist and how an order contributes to each, as data) and restates
 * the counting itself (windows, labels, roll-ups, contributions) on its own, without its code.
 */

/** Roll-up branch holding the sum over all branches. */
export const TRUTH_ALL_BRANCHES = '*';

/** Datestring lengths of the four resolutions: base window, minute, hour, day. */
export const TRUTH_DATESTRING_LENGTHS = [14, 12, 10, 8] as const;

/** The expected stored counts for everything a run wrote. */
export interface TruthDocument {
  timeZone: string;
  windowSizeSeconds: number;
  /** Orders written. */
  orders: number;
  /** Cups (coffee names) written. */
  cups: number;
  /** `<branch>:<datestring>:<StatisticType>` → category → count, as the hashes must hold them. */
  hashes: Record<string, Record<string, number>>;
}

/** Counts of one branch in one labelled base window. */
interface WindowCounts {
  branch: string;
  label: string;
  /** Category counts per statistic type, in table order. */
  types: Map<string, number>[];
}

const TYPES: readonly StatisticTypeSpec[] = STATISTIC_TYPE_TABLE;

/** Counts what one order contributes to a type, as the type's table entry describes it. */
function count(spec: StatisticTypeSpec, order: CoffeeOrder, into: Map<string, number>): void {
  const contribution = spec.contribution;
  switch (contribution.kind) {
    case 'per-cup':
      for (const coffee of order.orders) {
        increment(into, coffee);
      }
      return;
    case 'per-order':
      increment(into, order[contribution.field]);
      return;
    case 'cups-per-order': {
      const cups = order.orders.length;
      increment(into, cups >= contribution.overflowAt ? `${contribution.overflowAt}+` : String(cups));
      return;
    }
  }
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  const record: Record<string, number> = {};
  for (const key of [...map.keys()].sort()) {
    record[key] = map.get(key) ?? 0;
  }
  return record;
}

/**
 * Accumulates the exact counts the stats store must end up with for a set of orders.
 *
 * For an order at time t: base = floor(t / size) × size; label = base as `yyyyMMddHHmmss` wall
 * clock in the zone; the four datestrings are the label cut to 14, 12, 10 and 8 characters. Each
 * order counts in every statistic type of the table as its contribution says (e.g. once in
 * `CustomerAgeGrades`, once per cup in `Orders`), under its branch and under `*`. Windows are keyed by label, so a wall-clock hour repeated by a DST
 * fall-back shares its windows. Per order only the base window is counted; rollups are summed once
 * in {@link toDocument}.
 */
export class TruthAccumulator {
  private readonly labeler: WindowLabeler;
  private readonly sizeMs: number;
  /** Label → branch → counts. */
  private readonly windows = new Map<string, Map<string, WindowCounts>>();
  private lastBase = Number.NaN;
  private lastLabel = '';
  private lastWindow = new Map<string, WindowCounts>();
  private orders = 0;
  private cups = 0;

  constructor(
    readonly timeZone: string,
    readonly windowSizeSeconds: number,
  ) {
    this.labeler = new WindowLabeler(timeZone);
    this.sizeMs = windowSizeSeconds * 1000;
  }

  /** Counts one written order. @throws Error when the order has no timestamp. */
  add(order: CoffeeOrder): void {
    const t = order.timestamp;
    if (t === undefined) {
      throw new Error('truth needs orders with a timestamp');
    }
    const base = Math.floor(t / this.sizeMs) * this.sizeMs;
    if (base !== this.lastBase) {
      this.lastBase = base;
      this.lastLabel = this.labeler.label(base);
      let window = this.windows.get(this.lastLabel);
      if (window === undefined) {
        window = new Map();
        this.windows.set(this.lastLabel, window);
      }
      this.lastWindow = window;
    }
    let counts = this.lastWindow.get(order.branch);
    if (counts === undefined) {
      counts = { branch: order.branch, label: this.lastLabel, types: TYPES.map(() => new Map<string, number>()) };
      this.lastWindow.set(order.branch, counts);
    }
    for (let t = 0; t < TYPES.length; t++) {
      count(TYPES[t], order, counts.types[t]);
    }
    this.orders += 1;
    this.cups += order.orders.length;
  }

  /** The expected hashes for every branch and `*`, every resolution and statistic type, keys sorted. */
  toDocument(): TruthDocument {
    const hashes = new Map<string, Map<string, number>>();
    const addAll = (key: string, from: Map<string, number>): void => {
      let target = hashes.get(key);
      if (target === undefined) {
        target = new Map();
        hashes.set(key, target);
      }
      for (const [category, count] of from) {
        increment(target, category, count);
      }
    };
    for (const w of [...this.windows.values()].flatMap((byBranch) => [...byBranch.values()])) {
      for (const branch of [w.branch, TRUTH_ALL_BRANCHES]) {
        for (const length of TRUTH_DATESTRING_LENGTHS) {
          const prefix = `${branch}:${w.label.slice(0, length)}:`;
          TYPES.forEach((spec, t) => addAll(`${prefix}${spec.name}`, w.types[t]));
        }
      }
    }
    const record: Record<string, Record<string, number>> = {};
    for (const key of [...hashes.keys()].sort()) {
      record[key] = sortedRecord(hashes.get(key) ?? new Map());
    }
    return { timeZone: this.timeZone, windowSizeSeconds: this.windowSizeSeconds, orders: this.orders, cups: this.cups, hashes: record };
  }
}
