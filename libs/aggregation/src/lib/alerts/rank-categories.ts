/** One place of a ranking. */
export interface RankedCategory {
  /** 1-based position. */
  readonly rank: number;
  readonly name: string;
  readonly count: number;
}

/**
 * The `n` categories with the highest counts, highest first; equal counts are ordered by name
 * (code-unit order), so the ranking is deterministic. Categories with a count of 0 are left out.
 */
export function rankCategories(counts: Readonly<Record<string, number>>, n: number): RankedCategory[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([aName, a], [bName, b]) => b - a || (aName < bName ? -1 : aName > bName ? 1 : 0))
    .slice(0, Math.max(0, n))
    .map(([name, count], index) => ({ rank: index + 1, name, count }));
}
