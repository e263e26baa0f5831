/** Every code an {@link AggregationError} can carry. */
export const AGGREGATION_ERROR_CODES = [
  'INVALID_WINDOW_SIZE',
  'INVALID_TIME_ZONE',
  'INVALID_RESOLUTION',
  'INVALID_OPTION',
  'INVALID_TIMESTAMP',
  'INVALID_DATESTRING',
  'NO_SUCH_WINDOW',
  'INVALID_BRANCH',
  'INVALID_ARGUMENT',
  'RANGE_TOO_LARGE',
  'INCOMPATIBLE_DELTAS',
] as const;

/**
 * Why an aggregation call failed:
 * - `INVALID_WINDOW_SIZE`: the window size is not a whole number of seconds dividing 60 s, nor a
 *   whole number of minutes dividing 1 h.
 * - `INVALID_TIME_ZONE`: not an IANA time zone known to this runtime's `Intl`.
 * - `INVALID_RESOLUTION`: an unknown or unconfigured resolution id, or one not coarser than the base.
 * - `INVALID_OPTION`: another option is out of range (e.g. a negative lateness).
 * - `INVALID_TIMESTAMP`: a time that is not a finite epoch-ms number within years 1000–9999.
 * - `INVALID_DATESTRING`: not `yyyyMMdd[HH[mm[ss]]]` digits of a real calendar time, or a length that
 *   does not match the resolution.
 * - `NO_SUCH_WINDOW`: a well-formed datestring no window carries (a wall-clock time skipped by a
 *   spring-forward transition, or a base datestring off the window grid).
 * - `INVALID_BRANCH`: an empty or non-string branch, or the reserved `*`.
 * - `INVALID_ARGUMENT`: another argument is out of range (e.g. `from > to`, a negative count).
 * - `RANGE_TOO_LARGE`: an enumeration would return more than 100,000 windows.
 * - `INCOMPATIBLE_DELTAS`: two deltas disagree on a window's start (made with different settings).
 */
export type AggregationErrorCode = (typeof AGGREGATION_ERROR_CODES)[number];

/** The one error type `@coffee/aggregation` throws; branch on {@link AggregationError.code}, not on the message. */
export class AggregationError extends Error {
  /** Machine-readable reason. */
  readonly code: AggregationErrorCode;

  constructor(code: AggregationErrorCode, message: string) {
    super(message);
    this.name = 'AggregationError';
    this.code = code;
  }
}
