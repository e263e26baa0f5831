// Calendar arithmetic on "wall-clock milliseconds" (a local time written as if it were UTC), so that
// labels are formatted and parsed without Intl. Days-from-civil after Howard Hinnant's algorithms.

/** Milliseconds in a second, minute, hour and (wall-clock) day. */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Earliest and latest instants accepted anywhere in the library (years 1000 to 9999, with a day of margin for any zone offset). */
export const MIN_TIME = Date.UTC(1000, 0, 2);
export const MAX_TIME = Date.UTC(9999, 11, 30);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Formats wall-clock milliseconds as `yyyyMMddHHmmss` (sub-second part dropped). Years 1000–9999 only. */
export function formatWallClock(wallMs: number): string {
  const days = Math.floor(wallMs / DAY_MS);
  const msOfDay = wallMs - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(msOfDay / HOUR_MS);
  const minute = Math.floor((msOfDay % HOUR_MS) / MINUTE_MS);
  const second = Math.floor((msOfDay % MINUTE_MS) / SECOND_MS);
  return `${year}${pad2(month)}${pad2(day)}${pad2(hour)}${pad2(minute)}${pad2(second)}`;
}

/** Wall-clock milliseconds of `(year, month 1-12, day, hour, minute, second)`; no validation. */
export function wallClockOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS;
}

/**
 * Parses a `yyyyMMdd`, `yyyyMMddHH`, `yyyyMMddHHmm` or `yyyyMMddHHmmss` label to the wall-clock
 * milliseconds of its first instant, or returns `undefined` when it is not a real calendar time
 * (wrong length, non-digits, month 13, Feb 30, hour 24, ...).
 */
export function parseWallClock(label: string): number | undefined {
  if (!/^\d{8}(?:\d{2}){0,3}$/.test(label)) {
    return undefined;
  }
  const num = (from: number): number => (label.length > from ? Number(label.slice(from, from + 2)) : 0);
  const year = Number(label.slice(0, 4));
  const month = Number(label.slice(4, 6));
  const day = Number(label.slice(6, 8));
  const hour = num(8);
  const minute = num(10);
  const second = num(12);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return wallClockOf(year, month, day, hour, minute, second);
}
