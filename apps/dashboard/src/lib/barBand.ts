/** Where the bars of a band (category) axis go, px. */
export interface BarBand {
  /** Width of one category. */
  step: number;
  /** Width of a bar. */
  width: number;
  /** Gap between a category's start and its bar. */
  inset: number;
}

/**
 * Bars of `count` categories spread evenly over `plotWidth` px (a band scale without padding, as
 * recharts' category axis of a bar chart): each bar leaves `gapRatio` of its category free on each
 * side and is at most `maxBarWidth` px wide, centred in its category.
 */
export function barBand(count: number, plotWidth: number, gapRatio: number, maxBarWidth: number): BarBand {
  const step = count > 0 ? plotWidth / count : 0;
  const width = Math.max(0, Math.min(maxBarWidth, step * (1 - 2 * gapRatio)));
  return { step, width, inset: (step - width) / 2 };
}
