// Canonical order and keys of hash deltas, shared by aggregateBatch and mergeDeltas so that equal
// totals always produce identical (deep-equal, same order) BatchDeltas.
import type { HashDelta, ResolutionId } from './contracts';
import { nominalDurationMs } from './resolutions';
import { perStatisticType, statisticTypeRank } from './statistic-types';

const TYPE_RANK = perStatisticType((type) => statisticTypeRank(type));

/** Nominal duration of a resolution id in ms (`30s` → 30,000), for ordering only. */
export function resolutionRank(id: ResolutionId): number {
  return nominalDurationMs(id) ?? Number.MAX_SAFE_INTEGER;
}

/** Identity of a stored hash: branch, resolution, datestring, type. */
export function hashKey(h: Pick<HashDelta, 'branch' | 'resolution' | 'date' | 'type'>): string {
  return `${h.branch}\u0000${h.resolution}\u0000${h.date}\u0000${h.type}`;
}

/** Canonical order: branch, resolution (finest first), start, datestring, statistic type. */
export function compareHashes(a: HashDelta, b: HashDelta): number {
  if (a.branch !== b.branch) {
    return a.branch < b.branch ? -1 : 1;
  }
  if (a.resolution !== b.resolution) {
    const byRank = resolutionRank(a.resolution) - resolutionRank(b.resolution);
    return byRank !== 0 ? byRank : a.resolution < b.resolution ? -1 : 1;
  }
  if (a.start !== b.start) {
    return a.start - b.start;
  }
  if (a.date !== b.date) {
    return a.date < b.date ? -1 : 1;
  }
  return TYPE_RANK[a.type] - TYPE_RANK[b.type];
}

/** A copy of `fields` with keys in ascending code-unit order. */
export function sortedFields(fields: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...fields.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
}
