/**
 * A duration as the period of a figure, rounded to what a label needs: `45 s`, `12 min`, `hour`
 * (59.5 min to 1 h), `3 h`, `2 days`. Reads after "last": "Orders per minute · last 12 min".
 */
export function formatPeriod(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.round(minutes / 60);
  if (hours === 1) {
    return 'hour';
  }
  if (hours < 48) {
    return `${hours} h`;
  }
  return `${Math.round(hours / 24)} days`;
}
