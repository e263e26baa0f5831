import { AggregationError } from './aggregation.error';
import { MAX_TIME, MIN_TIME } from './civil-time';
import type { BatchDelta } from './contracts';
import { cupsPerOrderLabel } from './statistic-types';
import { branchBuckets, bucketAt, deltaOf, grow, intern, newBatchCounts, type BranchBuckets, type Vocabulary } from './batch-counts';
import type { CountableColumns } from './countable-columns';
import { checkTime, type Windowing } from './windowing';

/** Whether `orders` are {@link CountableColumns} (rather than an iterable of orders). */
export function isCountableColumns(orders: unknown): orders is CountableColumns {
  return typeof orders === 'object' && orders !== null && (orders as { kind?: unknown }).kind === 'countable-columns';
}

/**
 * {@link aggregateBatch} for orders given as columns of ids: the same delta as for the same orders as
 * objects (the same errors too, for the first order that has one), at a fraction of the cost.
 * Each distinct string id is mapped to its category once per batch and role (branch, field, coffee),
 * so per order the work is array reads and increments: no map lookup, no allocation.
 *
 * @throws {AggregationError} as {@link aggregateBatch}; `INVALID_ARGUMENT` for an id that names no
 *   string or cup ends that do not fit the `cups` column.
 */
export function aggregateColumns(columns: CountableColumns, windowing: Windowing, options: { maxCategoryLength?: number } = {}): BatchDelta {
  const size = windowing.windowSizeMs;
  const state = newBatchCounts(options.maxCategoryLength);
  const { ids, perOrder, perCup, cupsPerOrder, branches } = state;
  const { strings, timestamp, cupEnds, cups, length } = columns;
  const stringCount = strings.length;
  // Per role, string id → category id (-1: not seen yet in this batch).
  const perOrderColumns = state.perOrderFields.map((field) => columns[field]);
  const perOrderIds = perOrder.map(() => new Int32Array(stringCount).fill(-1));
  const perOrderCount = perOrder.length;
  const perCupIds = perCup.map(() => new Int32Array(stringCount).fill(-1));
  const perCupCount = perCup.length;
  const cupsPerOrderCount = cupsPerOrder.length;
  const branchColumn = columns.branch;
  const branchOf: (BranchBuckets | undefined)[] = new Array<BranchBuckets | undefined>(stringCount).fill(undefined);
  checkColumns(columns);
  let cupStart = 0;
  for (let i = 0; i < length; i++) {
    const t = timestamp[i];
    if (!(t >= MIN_TIME && t <= MAX_TIME)) {
      checkTime(t);
    }
    const start = Math.floor(t / size) * size;
    const b = branchColumn[i];
    const entry = branchOf[b] ?? (branchOf[b] = branchBuckets(branches, strings[b]));
    const counts = bucketAt(entry, start).counts;
    let id: number;
    for (let s = 0; s < perOrderCount; s++) {
      const value = perOrderColumns[s][i];
      const map = perOrderIds[s];
      id = map[value];
      if (id < 0) {
        id = map[value] = category(ids, perOrder[s], strings[value]);
      }
      if (id < counts.length) {
        counts[id]++;
      } else {
        grow(counts, id);
      }
    }
    const cupEnd = cupEnds[i];
    for (let s = 0; s < perCupCount; s++) {
      const map = perCupIds[s];
      for (let c = cupStart; c < cupEnd; c++) {
        const value = cups[c];
        id = map[value];
        if (id < 0) {
          id = map[value] = category(ids, perCup[s], strings[value]);
        }
        if (id < counts.length) {
          counts[id]++;
        } else {
          grow(counts, id);
        }
      }
    }
    const n = cupEnd - cupStart;
    for (let s = 0; s < cupsPerOrderCount; s++) {
      const slot = cupsPerOrder[s];
      const at = n < slot.overflowAt ? n : slot.overflowAt;
      let sized = slot.byCups[at];
      if (sized === undefined) {
        sized = intern(ids, slot.vocab, cupsPerOrderLabel(n, slot.overflowAt));
        slot.byCups[at] = sized;
      }
      if (sized < counts.length) {
        counts[sized]++;
      } else {
        grow(counts, sized);
      }
    }
    cupStart = cupEnd;
  }
  return deltaOf(state, windowing, length, cupStart);
}

/** The category id of a value in a vocabulary (numbered on first sight). */
function category(ids: Parameters<typeof intern>[0], vocab: Vocabulary, value: string): number {
  return vocab.ids.get(value) ?? intern(ids, vocab, value);
}

/** Ids that name a string and cup ends that fit: checked once per batch, so the loop can trust them. */
function checkColumns(columns: CountableColumns): void {
  const { length, strings, cupEnds, cups } = columns;
  const bad = (what: string): AggregationError => new AggregationError('INVALID_ARGUMENT', `columns: ${what}`);
  const stringCount = strings.length;
  const ids = [columns.branch, columns.paymentMethod, columns.customerAgeGrade];
  for (const column of ids) {
    if (column.length < length) {
      throw bad(`a column holds fewer than ${length} orders`);
    }
    for (let i = 0; i < length; i++) {
      const id = column[i];
      if (!(id >= 0 && id < stringCount && Number.isInteger(id))) {
        throw bad(`order ${i}: id ${id} names no string (${stringCount})`);
      }
    }
  }
  if (columns.timestamp.length < length || cupEnds.length < length) {
    throw bad(`a column holds fewer than ${length} orders`);
  }
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const end = cupEnds[i];
    if (!(end >= previous && end <= cups.length && Number.isInteger(end))) {
      throw bad(`order ${i}: cups end ${end} after ${previous} (of ${cups.length})`);
    }
    previous = end;
  }
  for (let c = 0; c < previous; c++) {
    const id = cups[c];
    if (!(id >= 0 && id < stringCount && Number.isInteger(id))) {
      throw bad(`cup ${c}: id ${id} names no string (${stringCount})`);
    }
  }
}
