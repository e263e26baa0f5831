import type { RankedCategory } from '@coffee/aggregation';
import { fetchJson } from './fetchJson';

/** Body of `GET /api/top` as the dashboard reads it. */
export interface TopAnswer {
  windows: { start: number; date: string; total: number; top: RankedCategory[] }[];
}

/** How long one view's ranking is reused, ms; a new window shown is a new view anyway. */
export const TOP_CACHE_TTL_MS = 60_000;
/** Views held at most (oldest dropped first). */
export const TOP_CACHE_ENTRIES = 16;

const cache = new Map<string, { at: number; answer: Promise<TopAnswer> }>();

/**
 * The `/api/top` answer for `url`, one request per view: every chart and every pointer move over the
 * same view share it for {@link TOP_CACHE_TTL_MS}. A failed request is forgotten, so a later hover retries.
 */
export function loadTopN(url: string, now = Date.now()): Promise<TopAnswer> {
  const held = cache.get(url);
  if (held !== undefined && now - held.at < TOP_CACHE_TTL_MS) {
    return held.answer;
  }
  const answer = fetchJson<TopAnswer>(url);
  cache.delete(url);
  cache.set(url, { at: now, answer });
  answer.catch(() => {
    if (cache.get(url)?.answer === answer) {
      cache.delete(url);
    }
  });
  for (const oldest of cache.keys()) {
    if (cache.size <= TOP_CACHE_ENTRIES) {
      break;
    }
    cache.delete(oldest);
  }
  return answer;
}

/** Forgets every cached view (tests). */
export function clearTopNCache(): void {
  cache.clear();
}
