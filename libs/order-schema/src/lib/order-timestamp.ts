/**
 * Earliest order time accepted, epoch ms: 1970-01-01T00:00:00Z (the documented past bound; an
 * older time is `INVALID_TIMESTAMP`).
 */
export const MIN_TIMESTAMP_MS = 0;
/**
 * Latest order time any reader accepts, epoch ms: 9999-12-30T00:00:00Z, the last instant whose
 * window every time zone can label `yyyyMMddHHmmss` (`@coffee/aggregation` counts exactly this
 * range and above {@link MIN_TIMESTAMP_MS}; `apps/processor/src/pipeline/order-time-range.spec.ts` checks the two agree). In practice the
 * clock-relative rule ({@link checkOrderTime}) bounds order times far more tightly.
 */
export const MAX_TIMESTAMP_MS = 253_402_128_000_000;

// Compiled once: date, `T`/space, time with optional seconds and fraction, then a mandatory zone.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

function toInt(text: string | undefined): number {
  return text === undefined ? 0 : parseInt(text, 10);
}

/** Parses an ISO 8601 date-time with a zone designator into epoch ms, or `undefined`. */
function parseIsoTimestamp(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (m === null) {
    return undefined;
  }
  const year = toInt(m[1]);
  const month = toInt(m[2]);
  const day = toInt(m[3]);
  const hour = toInt(m[4]);
  const minute = toInt(m[5]);
  const second = toInt(m[6]);
  const millis = m[7] === undefined ? 0 : toInt((m[7] + '00').slice(0, 3));
  const offsetHours = toInt(m[10]);
  const offsetMinutes = toInt(m[11]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return undefined;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Reject days past the month's end (Date.UTC would roll 2014-02-30 over into March).
  if (new Date(local).getUTCDate() !== day) {
    return undefined;
  }
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return m[9] === '-' ? local + offsetMs : local - offsetMs;
}

/**
 * Normalises an order time to epoch milliseconds, or returns `undefined` when it is not one.
 *
 * - number: epoch ms, finite, in {@link MIN_TIMESTAMP_MS} `..` {@link MAX_TIMESTAMP_MS}; a fraction is truncated.
 * - string: ISO 8601 date-time with a zone (`Z` or `±hh:mm`), e.g. `2014-10-01T09:30:15.250+09:00`;
 *   seconds and fraction optional, `T` or a space between date and time. A date-time without a
 *   zone is rejected: its meaning would depend on the reader's local zone.
 */
export function parseOrderTimestamp(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    ms = parseIsoTimestamp(value);
  }
  if (ms === undefined || !(ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS)) {
    return undefined;
  }
  return Math.trunc(ms);
}
