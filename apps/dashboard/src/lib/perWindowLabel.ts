/**
 * What one window of a resolution is called after "per": `30 s` (base), `minute` (`1m`), `hour`
 * (`1h`), `day` (`1d`); a whole-minute base window reads `2 min`. Value axes say "orders per 30 s".
 */
export function perWindowLabel(precision: number, windowSizeSeconds: number): string {
  if (precision >= 14) {
    return windowSizeSeconds % 60 === 0 ? `${windowSizeSeconds / 60} min` : `${windowSizeSeconds} s`;
  }
  if (precision >= 12) {
    return 'minute';
  }
  return precision >= 10 ? 'hour' : 'day';
}
