import type { LiveStatisticsBody } from '@coffee/aggregation';

/**
 * Live bodies reduced to the newest per branch and base window, oldest arrival first (a body that
 * is replaced moves to the end). A body carries its window's totals so far, so the newest one holds
 * everything the older ones did: applying the result shows what applying every body in order would.
 * Keeps at most `max` bodies (the newest).
 */
export function coalesceLiveBodies(bodies: Iterable<LiveStatisticsBody>, max = Number.POSITIVE_INFINITY): LiveStatisticsBody[] {
  const byWindow = new Map<string, LiveStatisticsBody>();
  for (const body of bodies) {
    const key = `${body.branch}|${body.date}`;
    byWindow.delete(key);
    byWindow.set(key, body);
  }
  const newest = [...byWindow.values()];
  return newest.length > max ? newest.slice(-max) : newest;
}
