const formatters = new Map<string, Intl.DateTimeFormat>();

/** `HH:mm:ss` of an epoch-ms time in `timeZone` (falls back to the browser's zone if unknown). */
export function formatClock(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    try {
      formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      formatter = new Intl.DateTimeFormat('en-GB', options);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter.format(ms);
}
