import { AggregationError } from './aggregation.error';
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
import { STATISTIC_TYPE_TABLE, type Contribution, type OrderCategoryField, type StatisticTypeSpec } from './statistic-types';
import { compareHashes } from './delta-order';
import type { Windowing } from './windowing';

// The counting state both aggregation loops share (aggregate-batch.ts over order objects,
// aggregate-columns.ts over columns of ids) and the roll-up that turns it into a BatchDelta.

/** A batch's categories of one statistic type; ids are shared by every type of the batch (see {@link Ids}). */
export interface Vocabulary {
  /** Value → id; every overlong value maps to the id of {@link OVERFLOW_CATEGORY}. */
  readonly ids: Map<string, number>;
  /** Index of the type in {@link STATISTIC_TYPE_TABLE}. */
  readonly type: number;
  readonly maxLength: number;
  overlong: number;
}

/** The batch's category ids, numbered in order of appearance across all types: names and types by id. */
export interface Ids {
  readonly keys: string[];
  readonly types: number[];
}

/** Counts of one branch in one base window, indexed by category id (every type in one array). */
export interface Bucket {
  readonly start: number;
  readonly counts: number[];
}

export interface BranchBuckets {
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
  readonly start: number;
  readonly counts: number[];
}

/** A window of one resolution containing a base window: its datestring and (parsed back) start. */
interface WindowName {
  readonly date: string;
  readonly start: number;
}

/**
 * Per windowing, base window start → its windows at every resolution (in `resolutions` order): pure
 * functions of the windowing, derived once instead of once per batch (time-zone arithmetic).
 * Bounded: cleared when it holds {@link MAX_NAMED_STARTS} starts.
 */
const windowNames = new WeakMap<Windowing, Map<number, readonly WindowName[]>>();
const MAX_NAMED_STARTS = 4096;

function windowsOf(windowing: Windowing, baseStart: number): readonly WindowName[] {
  let byStart = windowNames.get(windowing);
  if (byStart === undefined) {
    byStart = new Map();
    windowNames.set(windowing, byStart);
  }
  let names = byStart.get(baseStart);
  if (names === undefined) {
    names = windowing.resolutions.map((resolution) => {
      const date = windowing.datestring(baseStart, resolution);
      return { date, start: windowing.parseDatestring(date, resolution).start };
    });
    if (byStart.size >= MAX_NAMED_STARTS) {
      byStart.clear();
    }
    byStart.set(baseStart, names);
  }
  return names;
}

/** A `cups-per-order` type's vocabulary, with its ids by cup count (capped at `overflowAt`). */
export interface CupsPerOrderSlot {
  readonly overflowAt: number;
  readonly vocab: Vocabulary;
  readonly byCups: number[];
}

// The table resolved once, per contribution kind: the loops have one code path per kind, whatever the
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

/** One batch's counting state: category ids, the vocabularies per contribution kind, buckets per branch. */
export interface BatchCounts {
  readonly ids: Ids;
  readonly vocabularies: readonly Vocabulary[];
  /** `per-order` vocabularies, with the order field each counts. */
  readonly perOrder: readonly Vocabulary[];
  readonly perOrderFields: readonly OrderCategoryField[];
  readonly perCup: readonly Vocabulary[];
  readonly cupsPerOrder: readonly CupsPerOrderSlot[];
  readonly branches: Map<string, BranchBuckets>;
}

/**
 * A fresh counting state.
 * @throws {AggregationError} `INVALID_OPTION` for a `maxCategoryLength` that is not a positive integer.
 */
export function newBatchCounts(maxCategoryLength: number | undefined): BatchCounts {
  const maxLength = maxCategoryLength ?? DEFAULT_MAX_CATEGORY_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new AggregationError('INVALID_OPTION', `maxCategoryLength must be a positive integer, got ${String(maxLength)}`);
  }
  const vocabularies = TYPES.map((_, type): Vocabulary => ({ ids: new Map(), type, maxLength, overlong: 0 }));
  return {
    ids: { keys: [], types: [] },
    vocabularies,
    perOrder: PER_ORDER.map((slot) => vocabularies[slot.type]),
    perOrderFields: PER_ORDER.map((slot) => slot.field),
    perCup: PER_CUP.map((slot) => vocabularies[slot.type]),
    cupsPerOrder: CUPS_PER_ORDER.map((slot) => ({ overflowAt: slot.overflowAt, vocab: vocabularies[slot.type], byCups: [] })),
    branches: new Map(),
  };
}

/** The buckets of a branch, created (and the name checked) on its first order. */
export function branchBuckets(branches: Map<string, BranchBuckets>, branch: string): BranchBuckets {
  let entry = branches.get(branch);
  if (entry === undefined) {
    entry = { branch: checkBranch(branch), buckets: new Map(), lastStart: Number.NaN, last: undefined };
    branches.set(branch, entry);
  }
  return entry;
}

/** The bucket of base window `start` of a branch (the last one used is kept at hand). */
export function bucketAt(entry: BranchBuckets, start: number): Bucket {
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
  return bucket;
}

/** Numbers a category the batch has not seen yet (an overlong one shares the overflow value's id). */
export function intern(all: Ids, vocab: Vocabulary, key: string): number {
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
export function grow(counts: number[], id: number): void {
  while (counts.length < id) {
    counts.push(0);
  }
  counts.push(1);
}

/** The delta of a counted batch: every resolution and the all-branches roll-up, in canonical order. */
export function deltaOf(state: BatchCounts, windowing: Windowing, orders: number, cups: number): BatchDelta {
  const hashes = rollUp(state.branches, state.ids, windowing);
  let overlong = 0;
  for (const vocab of state.vocabularies) {
    overlong += vocab.overlong;
  }
  return overlong > 0 ? { hashes, orders, cups, overlongValues: overlong } : { hashes, orders, cups };
}

/** Derives every resolution and the all-branches roll-up from the base buckets. */
function rollUp(branches: ReadonlyMap<string, BranchBuckets>, ids: Ids, windowing: Windowing): HashDelta[] {
  const accumulators = new Map<string, Accumulator>();
  const resolutions = windowing.resolutions;
  for (const entry of branches.values()) {
    for (const bucket of entry.buckets.values()) {
      const names = windowsOf(windowing, bucket.start);
      for (let r = 0; r < resolutions.length; r++) {
        add(accumulators, entry.branch, resolutions[r], names[r], bucket);
        add(accumulators, ALL_BRANCHES, resolutions[r], names[r], bucket);
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
    const start = acc.start;
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

function add(accumulators: Map<string, Accumulator>, branch: string, resolution: ResolutionId, window: WindowName, bucket: Bucket): void {
  const key = `${branch}\u0000${resolution}\u0000${window.date}`;
  let acc = accumulators.get(key);
  if (acc === undefined) {
    acc = { branch, resolution, date: window.date, start: window.start, counts: [] };
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
