const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Short axis label of a window from its datestring (already in the shops' time zone). */
export function formatWindowLabel(date: string, precision: number): string {
  const d = date.padEnd(14, '0');
  const day = `${+d.slice(6, 8)} ${MONTHS[+d.slice(4, 6) - 1] ?? '?'}`;
  const hh = d.slice(8, 10);
  const mm = d.slice(10, 12);
  if (precision >= 14) {
    return `${hh}:${mm}:${d.slice(12, 14)}`;
  }
  if (precision >= 12) {
    return `${hh}:${mm}`;
  }
  if (precision >= 10) {
    return `${day} ${hh}:00`;
  }
  return day;
}
