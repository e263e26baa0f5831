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
import type { CountableOrder } from './countable-order';
import { compareHashes } from './delta-order';
import { checkTime, type Windowing } from './windowing';

/** A batch's categories of one statistic type, numbered in order of appearance. */
interface Vocabulary {
  /** Value → id; every overlong value maps to the id of {@link OVERFLOW_CATEGORY}. */
  readonly ids: Map<string, number>;
  /** Distinct counted names by id. */
  readonly keys: string[];
  readonly maxLength: number;
  overlong: number;
}

/** Options of {@link aggregateBatch}. */
export interface AggregateOptions {
  /**
   * Longest category value counted under its own name (UTF-16 code units); a longer one is counted
   * under {@link OVERFLOW_CATEGORY}. Default {@link DEFAULT_MAX_CATEGORY_LENGTH} (64).
   */
  maxCategoryLength?: number;
}

/** Counts of one branch in one base window, per statistic type, indexed by vocabulary id. */
interface Bucket {
  readonly start: number;
  readonly counts: readonly [number[], number[], number[]];
}

interface BranchBuckets {
  readonly branch: string;
  readonly buckets: Map<number, Bucket>;
  lastStart: number;
  last: Bucket | undefined;
}

/** One hash being assembled: (branch, resolution, datestring), counts per type by vocabulary id. */
interface Accumulator {
  readonly branch: string;
  readonly resolution: ResolutionId;
  readonly date: string;
  readonly counts: readonly [number[], number[], number[]];
}

const TYPES: readonly StatisticType[] = ['CustomerAgeGrades', 'PaymentMethods', 'Orders'];

/**
 * Pre-aggregates a batch of orders into the minimal count deltas a store applies in one step: one
 * {@link HashDelta} per touched `<branch>:<date>:<type>` hash, for every configured resolution, for
 * each real branch and for the {@link ALL_BRANCHES} roll-up (the sum of the branches). Each order
 * counts once under `CustomerAgeGrades` and `PaymentMethods` and once per cup under `Orders`;
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
  const vocabularies: readonly [Vocabulary, Vocabulary, Vocabulary] = [vocabulary(maxLength), vocabulary(maxLength), vocabulary(maxLength)];
  const [ages, payments, coffees] = vocabularies;
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
        bucket = { start, counts: [[], [], []] };
        entry.buckets.set(start, bucket);
      }
      entry.lastStart = start;
      entry.last = bucket;
    }
    // Each category: its batch-local id (one map lookup), then an array increment. Inlined by hand:
    // this loop is the per-order cost.
    const counts = bucket.counts;
    let id = ages.ids.get(order.customerAgeGrade);
    if (id === undefined) {
      id = intern(ages, order.customerAgeGrade);
    }
    if (id < counts[0].length) {
      counts[0][id]++;
    } else {
      grow(counts[0], id);
    }
    id = payments.ids.get(order.paymentMethod);
    if (id === undefined) {
      id = intern(payments, order.paymentMethod);
    }
    if (id < counts[1].length) {
      counts[1][id]++;
    } else {
      grow(counts[1], id);
    }
    const cups = order.orders;
    const coffeeCounts = counts[2];
    for (let c = 0; c < cups.length; c++) {
      id = coffees.ids.get(cups[c]);
      if (id === undefined) {
        id = intern(coffees, cups[c]);
      }
      if (id < coffeeCounts.length) {
        coffeeCounts[id]++;
      } else {
        grow(coffeeCounts, id);
      }
    }
    cupCount += cups.length;
  }
  const hashes = rollUp(branches, vocabularies, windowing);
  const overlong = ages.overlong + payments.overlong + coffees.overlong;
  return overlong > 0 ? { hashes, orders: list.length, cups: cupCount, overlongValues: overlong } : { hashes, orders: list.length, cups: cupCount };
}

function vocabulary(maxLength: number): Vocabulary {
  return { ids: new Map(), keys: [], maxLength, overlong: 0 };
}

/** Numbers a category the batch has not seen yet (an overlong one shares the overflow value's id). */
function intern(vocab: Vocabulary, key: string): number {
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
  const id = vocab.keys.length;
  vocab.ids.set(name, id);
  vocab.ids.set(key, id);
  vocab.keys.push(name);
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
function rollUp(branches: ReadonlyMap<string, BranchBuckets>, vocabularies: readonly Vocabulary[], windowing: Windowing): HashDelta[] {
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
  // Ids of each vocabulary in key order, so every hash's fields come out sorted without a sort per hash.
  const sortedIds = vocabularies.map((v) => v.keys.map((_, id) => id).sort((a, b) => (v.keys[a] < v.keys[b] ? -1 : 1)));
  const hashes: HashDelta[] = [];
  for (const acc of accumulators.values()) {
    const start = windowing.parseDatestring(acc.date, acc.resolution).start;
    for (let type = 0; type < TYPES.length; type++) {
      const counts = acc.counts[type];
      const keys = vocabularies[type].keys;
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
    acc = { branch, resolution, date, counts: [[], [], []] };
    accumulators.set(key, acc);
  }
  for (let type = 0; type < 3; type++) {
    const into = acc.counts[type];
    const from = bucket.counts[type];
    while (into.length < from.length) {
      into.push(0);
    }
    for (let id = 0; id < from.length; id++) {
      into[id] += from[id];
    }
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
