import type { OrderParseError } from './order-parse-error';

/** Default of how far after the receive (or processing) clock an order time may lie: 5 minutes, ms. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 300_000;

/** Latest instant a `Date` can hold, epoch ms. */
const MAX_DATE_MS = 8.64e15;

/**
 * The one order-time rule the collector (at receive time) and the processor (at processing time)
 * both apply, so an order the collector accepts is one the processor counts: an order time may lie
 * at most `maxFutureSkewMs` after the clock `now` (the `MAX_FUTURE_SKEW_SECONDS` setting). The
 * past bound is fixed: 1970-01-01 (`MIN_TIMESTAMP_MS`, checked when the time is parsed); older
 * orders within retention are counted as late orders.
 *
 * @param timestamp order time, epoch ms (as {@link parseOrderTimestamp} returns it)
 * @param now the clock the rule is relative to, epoch ms
 * @param maxFutureSkewMs default {@link DEFAULT_MAX_FUTURE_SKEW_MS}
 * @returns a `TIMESTAMP_OUT_OF_RANGE` error naming the setting, or `undefined` when the time is acceptable
 */
export function checkOrderTime(timestamp: number, now: number, maxFutureSkewMs: number = DEFAULT_MAX_FUTURE_SKEW_MS): OrderParseError | undefined {
  // Written so that NaN passes: a time that is not a number is another check's business.
  if (!(timestamp > now + maxFutureSkewMs)) {
    return undefined;
  }
  const ahead = Math.ceil((timestamp - now) / 1000);
  const iso = timestamp <= MAX_DATE_MS ? ` (${new Date(timestamp).toISOString()})` : '';
  return {
    code: 'TIMESTAMP_OUT_OF_RANGE',
    message:
      `TIMESTAMP_OUT_OF_RANGE: timestamp ${timestamp}${iso} is ${ahead} s ahead of the clock; ` +
      `at most ${Math.floor(maxFutureSkewMs / 1000)} s (MAX_FUTURE_SKEW_SECONDS) is accepted`,
    field: 'timestamp',
  };
}
