import type { StatisticType } from '@coffee/aggregation';
import { EXTRA_COLOURS, PALETTES } from './palettes';

/** Stable colour of a category: from the type's palette, else derived from the name. */
export function categoryColor(type: StatisticType, category: string): string {
  const known = PALETTES[type][category];
  if (known) {
    return known;
  }
  let hash = 0;
  for (const ch of category) {
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  }
  return EXTRA_COLOURS[hash % EXTRA_COLOURS.length];
}
