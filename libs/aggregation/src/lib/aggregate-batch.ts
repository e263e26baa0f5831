import { MAX_TIME, MIN_TIME } from './civil-time';
import type { BatchDelta } from './contracts';
import { cupsPerOrderLabel } from './statistic-types';
import { aggregateColumns, isCountableColumns } from './aggregate-columns';
import { branchBuckets, bucketAt, deltaOf, grow, intern, newBatchCounts, type BranchBuckets } from './batch-counts';
import type { CountableColumns } from './countable-columns';
import type { CountableOrder } from './countable-order';
import { checkTime, type Windowing } from './windowing';

/** Options of {@link aggregateBatch}. */
export interface AggregateOptions {
  /**
   * Longest category value counted under its own name (UTF-16 code units); a longer one is counted
   * under {@link OVERFLOW_CATEGORY}. Default {@link DEFAULT_MAX_CATEGORY_LENGTH} (64).
   */
  maxCategoryLength?: number;
}

/**
 * Pre-aggregates a batch of orders into the minimal count deltas a store applies in one step: one
 * {@link HashDelta} per touched `<branch>:<date>:<type>` hash, for every configured resolution, for
 * each real branch and for the {@link ALL_BRANCHES} roll-up (the sum of the branches), for every
 * type of `STATISTIC_TYPE_TABLE`, each as its contribution says (once per order under a field's
 * value, once per cup under its coffee name, or once per order under its number of cups);
 * unknown category values are counted like known ones.
 *
 * Deterministic: hashes come in canonical order (branch, resolution finest first, start, type) with
 * fields sorted by key, so equal inputs give deep-equal outputs, and {@link mergeDeltas} of the
 * deltas of a batch's parts equals the delta of the whole. Per order the work is arithmetic and a
 * few lookups; roll-ups and datestrings are derived once per distinct window.
 *
 * Category values longer than `options.maxCategoryLength` are counted under {@link OVERFLOW_CATEGORY}
 * (checked once per distinct value of the batch, not per order); `overlongValues` says how many.
 * Keys are kept in `Map`s: any string, `__proto__` and `constructor` included, is an ordinary value.
 *
 * @param orders any iterable (arrays are fastest), or the same orders as {@link CountableColumns}
 *   (counted by {@link aggregateColumns}, same result); an empty batch gives `{ hashes: [], orders: 0, cups: 0 }`.
 * @throws {AggregationError} `INVALID_TIMESTAMP` for a timestamp that is not finite epoch ms in years
 *   1000–9999; `INVALID_BRANCH` for an empty or non-string branch or a reserved name (`*`, `all`);
 *   `INVALID_OPTION` for a `maxCategoryLength` that is not a positive integer.
 */
export function aggregateBatch(orders: Iterable<CountableOrder> | CountableColumns, windowing: Windowing, options: AggregateOptions = {}): BatchDelta {
  if (isCountableColumns(orders)) {
    return aggregateColumns(orders, windowing, options);
  }
  const size = windowing.windowSizeMs;
  const state = newBatchCounts(options.maxCategoryLength);
  const { ids, perOrder, perCup, cupsPerOrder, branches } = state;
  const perOrderIds = perOrder.map((vocab) => vocab.ids);
  const perOrderIsAge = state.perOrderFields.map((field) => field === 'customerAgeGrade');
  const perOrderCount = perOrder.length;
  const perCupIds = perCup.map((vocab) => vocab.ids);
  const perCupCount = perCup.length;
  const cupsPerOrderCount = cupsPerOrder.length;
  let previous: BranchBuckets | undefined;
  let cupCount = 0;
  const list: readonly CountableOrder[] = Array.isArray(orders) ? orders : [...orders];
  for (let i = 0; i < list.length; i++) {
    const order = list[i];
    const t = order.timestamp;
    if (typeof t !== 'number' || !(t >= MIN_TIME && t <= MAX_TIME)) {
      checkTime(t);
    }
    const start = Math.floor(t / size) * size;
    const branch = order.branch;
    const entry = previous !== undefined && previous.branch === branch ? previous : branchBuckets(branches, branch);
    previous = entry;
    // Each category: its batch-local id (one map lookup), then an array increment, one code path per
    // contribution kind. Inlined by hand: this loop is the per-order cost.
    const counts = bucketAt(entry, start).counts;
    let id: number | undefined;
    for (let s = 0; s < perOrderCount; s++) {
      const value = perOrderIsAge[s] ? order.customerAgeGrade : order.paymentMethod;
      id = perOrderIds[s].get(value);
      if (id === undefined) {
        id = intern(ids, perOrder[s], value);
      }
      if (id < counts.length) {
        counts[id]++;
      } else {
        grow(counts, id);
      }
    }
    const cups = order.orders;
    const n = cups.length;
    for (let s = 0; s < perCupCount; s++) {
      const cupIds = perCupIds[s];
      for (let c = 0; c < n; c++) {
        id = cupIds.get(cups[c]);
        if (id === undefined) {
          id = intern(ids, perCup[s], cups[c]);
        }
        if (id < counts.length) {
          counts[id]++;
        } else {
          grow(counts, id);
        }
      }
    }
    for (let s = 0; s < cupsPerOrderCount; s++) {
      const slot = cupsPerOrder[s];
      const at = n < slot.overflowAt ? n : slot.overflowAt;
      id = slot.byCups[at];
      if (id === undefined) {
        id = intern(ids, slot.vocab, cupsPerOrderLabel(n, slot.overflowAt));
        slot.byCups[at] = id;
      }
      if (id < counts.length) {
        counts[id]++;
      } else {
        grow(counts, id);
      }
    }
    cupCount += n;
  }
  return deltaOf(state, windowing, list.length, cupCount);
}
