const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Adds `ms` to a datestring (`yyyyMMdd[HH[mm[ss]]]`) in wall-clock time and returns one of the same
 * precision. Exact for zones without daylight saving (the default `Asia/Seoul`); used only to name
 * zero-filled gap windows.
 */
export function addToDatestring(date: string, ms: number): string {
  const d = date.padEnd(14, '0');
  const wall = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(8, 10), +d.slice(10, 12), +d.slice(12, 14));
  const t = new Date(wall + ms);
  const full =
    pad(t.getUTCFullYear(), 4) +
    pad(t.getUTCMonth() + 1) +
    pad(t.getUTCDate()) +
    pad(t.getUTCHours()) +
    pad(t.getUTCMinutes()) +
    pad(t.getUTCSeconds());
  return full.slice(0, date.length);
}
