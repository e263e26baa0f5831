/** Every code a {@link StatsStoreError} can carry. */
export const STATS_STORE_ERROR_CODES = ['INVALID_OPTIONS', 'INVALID_DELTA', 'INVALID_ACK', 'INVALID_QUERY', 'RANGE_TOO_LARGE', 'GROUP_MISSING', 'WRONG_KEY_TYPE', 'REDIS_ERROR'] as const;

/**
 * What went wrong in a {@link StatsStoreError}; stable strings, safe to switch on and to map to HTTP statuses at the edge:
 * - `INVALID_OPTIONS`: the store's options are inconsistent (e.g. a resolution without a retention).
 * - `INVALID_DELTA`: a batch delta is malformed (non-integer or non-positive increment, unknown resolution, …).
 * - `INVALID_ACK`: an ack target is malformed (no ids, an id that is not a stream id, empty group or consumer).
 * - `INVALID_QUERY`: a history query is malformed (no types, `from > to`, `last < 1`, unknown resolution, …).
 * - `RANGE_TOO_LARGE`: a history query spans more windows than `maxHistoryWindows`.
 * - `GROUP_MISSING`: the stream or its consumer group does not exist (Redis `NOGROUP`; the code `@coffee/redis-io` uses for the same condition). Nothing was written.
 * - `WRONG_KEY_TYPE`: a key the store writes holds another Redis type. Nothing was written.
 * - `REDIS_ERROR`: any other Redis failure (connection lost, timeout, server error). Retrying `applyBatch` is safe.
 */
export type StatsStoreErrorCode = (typeof STATS_STORE_ERROR_CODES)[number];

/**
 * The one error class of `@coffee/stats-store`. Libraries never log: they throw this with a
 * {@link StatsStoreErrorCode}; the Redis error, when there is one, is kept as `cause`.
 */
export class StatsStoreError extends Error {
  override readonly name = 'StatsStoreError';

  constructor(
    readonly code: StatsStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Wraps a Redis error thrown while running `what`, keeping it as `cause`. */
  static fromRedis(error: unknown, what: string): StatsStoreError {
    if (error instanceof StatsStoreError) {
      return error;
    }
    const text = error instanceof Error ? error.message : String(error);
    if (text.includes('NOGROUP')) {
      return new StatsStoreError('GROUP_MISSING', `${what}: stream or consumer group missing (${text})`, { cause: error });
    }
    if (text.includes('WRONG_KEY_TYPE')) {
      return new StatsStoreError('WRONG_KEY_TYPE', `${what}: ${text}`, { cause: error });
    }
    return new StatsStoreError('REDIS_ERROR', `${what}: ${text}`, { cause: error });
  }
}
