const wallMs = (date: string): number => {
  const d = date.padEnd(14, '0');
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(8, 10), +d.slice(10, 12), +d.slice(12, 14));
};

/**
 * Start (epoch ms) of the window of `precision` that contains the base window `baseDate` starting
 * at `baseStart`: the base start minus the wall-clock offset of the base window inside it.
 */
export function windowStartOf(baseDate: string, baseStart: number, precision: number): number {
  return baseStart - (wallMs(baseDate) - wallMs(baseDate.slice(0, precision)));
}
