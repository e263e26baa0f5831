import type { StatsWindow } from '@coffee/aggregation';

/** Known categories in vocabulary order, then any unknown category seen in the windows (sorted). */
export function orderedCategories(windows: readonly StatsWindow[], known: readonly string[]): string[] {
  const knownSet = new Set(known);
  const unknown = new Set<string>();
  for (const w of windows) {
    for (const category of Object.keys(w.counts)) {
      if (!knownSet.has(category)) {
        unknown.add(category);
      }
    }
  }
  return [...known, ...[...unknown].sort()];
}
