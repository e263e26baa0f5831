import { AggregationError } from './aggregation.error';
import { MAX_TIME, MIN_TIME } from './civil-time';
import {
  ALL_BRANCHES,
  ALL_BRANCHES_ALIAS,
  DEFAULT_MAX_CATEGORY_LENGTH,
  OVERFLOW_CATEGORY,
  type BatchDelta,
  type HashDelta,
  type ResolutionId,
  type StatisticType,
} from './contracts';
import { cupsPerOrderLabel, STATISTIC_TYPE_TABLE, type Contribution, type OrderCategoryField, type StatisticTypeSpec } from './statistic-types';
import type { CountableOrder } from './countable-order';
import { compareHashes } from './delta-order';
import { checkTime, type Windowing } from './windowing';

/** A batch's categories of one statistic type; ids are shared by every type of the batch (see {@link Ids}). */
interface Vocabulary {
  /** Value → id; every overlong value maps to the id of {@link OVERFLOW_CATEGORY}. */
  readonly ids: Map<string, number>;
  /** Index of the type in {@link STATISTIC_TYPE_TABLE}. */
  readonly type: number;
  readonly maxLength: number;
  overlong: number;
}

/** The batch's category ids, numbered in order of appearance across all types: names and types by id. */
interface Ids {
  readonly keys: string[];
  readonly types: number[];
}

/** Options of {@link aggregateBatch}. */
export interface AggregateOptions {
  /**
   * Longest category value counted under its own name (UTF-16 code units); a longer one is counted
   * under {@link OVERFLOW_CATEGORY}. Default {@link DEFAULT_MAX_CATEGORY_LENGTH} (64).
   */
  maxCategoryLength?: number;
}

/** Counts of one branch in one base window, indexed by category id (every type in one array). */
interface Bucket {
  readonly start: number;
  readonly counts: number[];
}

interface BranchBuckets {
  readonly branch: string;
  readonly buckets: Map<number, Bucket>;
  lastStart: number;
  last: Bucket | undefined;
}

/** One hash being assembled: (branch, resolution, datestring), counts by category id. */
interface Accumulator {
  readonly branch: string;
  readonly resolution: ResolutionId;
  readonly date: string;
  readonly counts: number[];
}

// The table resolved once, per contribution kind: the loop has one code path per kind, whatever the
// number of types of that kind.
const TYPES: readonly StatisticType[] = STATISTIC_TYPE_TABLE.map((spec) => spec.name);
/** `per-order` types: table index and the order field counted. */
const PER_ORDER: readonly { readonly type: number; readonly field: OrderCategoryField }[] = kindOf('per-order', (c) => ({ field: c.field }));
/** `per-cup` types: table index. */
const PER_CUP: readonly { readonly type: number }[] = kindOf('per-cup', () => ({}));
/** `cups-per-order` types: table index and the first cup count counted as `<n>+`. */
const CUPS_PER_ORDER: readonly { readonly type: number; readonly overflowAt: number }[] = kindOf('cups-per-order', (c) => ({ overflowAt: c.overflowAt }));

function kindOf<K extends Contribution['kind'], R>(kind: K, make: (c: Extract<Contribution, { kind: K }>) => R): (R & { type: number })[] {
  const out: (R & { type: number })[] = [];
  STATISTIC_TYPE_TABLE.forEach((spec: StatisticTypeSpec, type) => {
    if (spec.contribution.kind === kind) {
      out.push({ ...make(spec.contribution as Extract<Contribution, { kind: K }>), type });
    }
  });
  return out;
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
 * @param orders any iterable (arrays are fastest); an empty batch gives `{ hashes: [], orders: 0, cups: 0 }`.
 * @throws {AggregationError} `INVALID_TIMESTAMP` for a timestamp that is not finite epoch ms in years
 *   1000–9999; `INVALID_BRANCH` for an empty or non-string branch or a reserved name (`*`, `all`);
 *   `INVALID_OPTION` for a `maxCategoryLength` that is not a positive integer.
 */
export function aggregateBatch(orders: Iterable<CountableOrder>, windowing: Windowing, options: AggregateOptions = {}): BatchDelta {
  const size = windowing.windowSizeMs;
  const maxLength = options.maxCategoryLength ?? DEFAULT_MAX_CATEGORY_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new AggregationError('INVALID_OPTION', `maxCategoryLength must be a positive integer, got ${String(maxLength)}`);
  }
  const ids: Ids = { keys: [], types: [] };
  const vocabularies = TYPES.map((_, type) => vocabulary(type, maxLength));
  // Per kind, the vocabularies of its types (and, per cups-per-order type, ids by cup count).
  const perOrder = PER_ORDER.map((slot) => vocabularies[slot.type]);
  const perOrderIds = perOrder.map((vocab) => vocab.ids);
  const perOrderIsAge = PER_ORDER.map((slot) => slot.field === 'customerAgeGrade');
  const perOrderCount = perOrder.length;
  const perCup = PER_CUP.map((slot) => vocabularies[slot.type]);
  const perCupIds = perCup.map((vocab) => vocab.ids);
  const perCupCount = perCup.length;
  const cupsPerOrder = CUPS_PER_ORDER.map((slot) => ({ overflowAt: slot.overflowAt, vocab: vocabularies[slot.type], byCups: [] as number[] }));
  const cupsPerOrderCount = cupsPerOrder.length;
  const branches = new Map<string, BranchBuckets>();
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
    let entry = previous !== undefined && previous.branch === branch ? previous : branches.get(branch);
    if (entry === undefined) {
      entry = { branch: checkBranch(branch), buckets: new Map(), lastStart: Number.NaN, last: undefined };
      branches.set(branch, entry);
    }
    previous = entry;
    let bucket = entry.last;
    if (entry.lastStart !== start || bucket === undefined) {
      bucket = entry.buckets.get(start);
      if (bucket === undefined) {
        bucket = { start, counts: [] };
        entry.buckets.set(start, bucket);
      }
      entry.lastStart = start;
      entry.last = bucket;
    }
    // Each category: its batch-local id (one map lookup), then an array increment, one code path per
    // contribution kind. Inlined by hand: this loop is the per-order cost.
    const counts = bucket.counts;
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
  const hashes = rollUp(branches, ids, windowing);
  let overlong = 0;
  for (const vocab of vocabularies) {
    overlong += vocab.overlong;
  }
  return overlong > 0 ? { hashes, orders: list.length, cups: cupCount, overlongValues: overlong } : { hashes, orders: list.length, cups: cupCount };
}

function vocabulary(type: number, maxLength: number): Vocabulary {
  return { ids: new Map(), type, maxLength, overlong: 0 };
}

/** Numbers a category the batch has not seen yet (an overlong one shares the overflow value's id). */
function intern(all: Ids, vocab: Vocabulary, key: string): number {
  let name = key;
  if (key.length > vocab.maxLength) {
    vocab.overlong++;
    name = OVERFLOW_CATEGORY;
    const known = vocab.ids.get(name);
    if (known !== undefined) {
      vocab.ids.set(key, known);
      return known;
    }
  }
  const id = all.keys.length;
  vocab.ids.set(name, id);
  vocab.ids.set(key, id);
  all.keys.push(name);
  all.types.push(vocab.type);
  return id;
}

/** Extends `counts` with zeros up to `id`, then counts one at `id`. */
function grow(counts: number[], id: number): void {
  while (counts.length < id) {
    counts.push(0);
  }
  counts.push(1);
}

/** Derives every resolution and the all-branches roll-up from the base buckets. */
function rollUp(branches: ReadonlyMap<string, BranchBuckets>, ids: Ids, windowing: Windowing): HashDelta[] {
  const accumulators = new Map<string, Accumulator>();
  const resolutions = windowing.resolutions;
  for (const entry of branches.values()) {
    for (const bucket of entry.buckets.values()) {
      for (const resolution of resolutions) {
        const date = windowing.datestring(bucket.start, resolution);
        add(accumulators, entry.branch, resolution, date, bucket);
        add(accumulators, ALL_BRANCHES, resolution, date, bucket);
      }
    }
  }
  // Ids of each type in key order, so every hash's fields come out sorted without a sort per hash.
  const keys = ids.keys;
  const sortedIds: number[][] = TYPES.map(() => []);
  for (const id of keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : 1))) {
    sortedIds[ids.types[id]].push(id);
  }
  const hashes: HashDelta[] = [];
  for (const acc of accumulators.values()) {
    const start = windowing.parseDatestring(acc.date, acc.resolution).start;
    const counts = acc.counts;
    for (let type = 0; type < TYPES.length; type++) {
      const fields = new Map<string, number>();
      for (const id of sortedIds[type]) {
        const n = counts[id];
        if (n > 0) {
          fields.set(keys[id], n);
        }
      }
      if (fields.size > 0) {
        hashes.push({ branch: acc.branch, resolution: acc.resolution, date: acc.date, start, type: TYPES[type], fields });
      }
    }
  }
  return hashes.sort(compareHashes);
}

function add(accumulators: Map<string, Accumulator>, branch: string, resolution: ResolutionId, date: string, bucket: Bucket): void {
  const key = `${branch}\u0000${resolution}\u0000${date}`;
  let acc = accumulators.get(key);
  if (acc === undefined) {
    acc = { branch, resolution, date, counts: [] };
    accumulators.set(key, acc);
  }
  const into = acc.counts;
  const from = bucket.counts;
  while (into.length < from.length) {
    into.push(0);
  }
  for (let id = 0; id < from.length; id++) {
    into[id] += from[id];
  }
}

function checkBranch(branch: unknown): string {
  if (typeof branch !== 'string' || branch.length === 0 || branch === ALL_BRANCHES || branch === ALL_BRANCHES_ALIAS) {
    throw new AggregationError(
      'INVALID_BRANCH',
      `INVALID_BRANCH: branch must be a non-empty name other than the reserved "${ALL_BRANCHES}" and "${ALL_BRANCHES_ALIAS}", got ${JSON.stringify(branch)}`,
    );
  }
  return branch;
}
