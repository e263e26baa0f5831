import { AggregationError } from './aggregation.error';
import type { BatchDelta, HashDelta } from './contracts';
import { compareHashes, hashKey, sortedFields } from './delta-order';

/**
 * Sums two batch deltas into one: hashes with the same branch, resolution, datestring and type have
 * their field increments added; `orders` and `cups` are added. Commutative and associative, and the
 * result is in the same canonical order as {@link aggregateBatch}'s, so aggregating a batch's parts
 * and merging them (in any order or grouping) gives exactly the deltas of the whole batch.
 * The inputs are not modified; the result shares no maps with them.
 *
 * @throws {AggregationError} `INCOMPATIBLE_DELTAS` when the two disagree on a window's start (deltas
 *   made with different time zones or window sizes).
 */
export function mergeDeltas(a: BatchDelta, b: BatchDelta): BatchDelta {
  const merged = new Map<string, { hash: HashDelta; fields: Map<string, number> }>();
  for (const hash of [...a.hashes, ...b.hashes]) {
    const key = hashKey(hash);
    const existing = merged.get(key);
    if (existing === undefined) {
      merged.set(key, { hash, fields: new Map(hash.fields) });
      continue;
    }
    if (existing.hash.start !== hash.start) {
      throw new AggregationError(
        'INCOMPATIBLE_DELTAS',
        `window ${hash.branch}:${hash.date} (${hash.resolution}) starts at ${existing.hash.start} in one delta and ${hash.start} in the other`,
      );
    }
    for (const [field, n] of hash.fields) {
      existing.fields.set(field, (existing.fields.get(field) ?? 0) + n);
    }
  }
  const hashes: HashDelta[] = [];
  for (const { hash, fields } of merged.values()) {
    hashes.push({ branch: hash.branch, resolution: hash.resolution, date: hash.date, start: hash.start, type: hash.type, fields: sortedFields(fields) });
  }
  const sum: BatchDelta = { hashes: hashes.sort(compareHashes), orders: a.orders + b.orders, cups: a.cups + b.cups };
  const overlong = (a.overlongValues ?? 0) + (b.overlongValues ?? 0);
  return overlong > 0 ? { ...sum, overlongValues: overlong } : sum;
}
