/** Full label of a window for tooltips: `2023-11-15 06:13:30`, `… 06:13`, `… 06:00`, `2023-11-15`. */
export function formatWindowTitle(date: string, precision: number): string {
  const d = date.padEnd(14, '0');
  const day = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  if (precision >= 14) {
    return `${day} ${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}`;
  }
  if (precision >= 10) {
    return `${day} ${d.slice(8, 10)}:${d.slice(10, 12)}`;
  }
  return day;
}
