const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Axis numbers that never outgrow their room: `950`, `1.5k`, `20k`, `1.2M`. */
export function formatCompact(value: number): string {
  return compact.format(value).replace('K', 'k');
}
