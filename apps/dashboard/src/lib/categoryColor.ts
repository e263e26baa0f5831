import type { StatisticType } from '@coffee/aggregation';
import { EXTRA_COLOURS, PALETTES, type Theme } from './palettes';

/** Stable colour of a category in a theme: from the type's palette, else derived from the name. */
export function categoryColor(type: StatisticType, category: string, theme: Theme = 'light'): string {
  const known = PALETTES[theme][type][category];
  if (known) {
    return known;
  }
  let hash = 0;
  for (const ch of category) {
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  }
  const extra = EXTRA_COLOURS[theme];
  return extra[hash % extra.length];
}
