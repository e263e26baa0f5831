/** What went wrong in a {@link StatsStoreError}; stable strings, safe to switch on and to map to HTTP statuses at the edge. */
export enum StatsStoreErrorCode {
  /** The store's options are inconsistent (e.g. a resolution without a retention). */
  InvalidOptions = 'INVALID_OPTIONS',
  /** A batch delta is malformed (non-integer or non-positive increment, unknown resolution, …). */
  InvalidDelta = 'INVALID_DELTA',
  /** An ack target is malformed (no ids, an id that is not a stream id, empty group or consumer). */
  InvalidAck = 'INVALID_ACK',
  /** A history query is malformed (no types, `from > to`, `last < 1`, unknown resolution, …). */
  InvalidQuery = 'INVALID_QUERY',
  /** A history query spans more windows than `maxHistoryWindows`. */
  RangeTooLarge = 'RANGE_TOO_LARGE',
  /** The stream or its consumer group does not exist (Redis `NOGROUP`). Nothing was written. */
  NoGroup = 'NO_GROUP',
  /** A key the store writes holds another Redis type. Nothing was written. */
  WrongKeyType = 'WRONG_KEY_TYPE',
  /** Any other Redis failure (connection lost, timeout, server error). Retrying `applyBatch` is safe. */
  RedisError = 'REDIS_ERROR',
}

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
      return new StatsStoreError(StatsStoreErrorCode.NoGroup, `${what}: stream or consumer group missing (${text})`, { cause: error });
    }
    if (text.includes('WRONG_KEY_TYPE')) {
      return new StatsStoreError(StatsStoreErrorCode.WrongKeyType, `${what}: ${text}`, { cause: error });
    }
    return new StatsStoreError(StatsStoreErrorCode.RedisError, `${what}: ${text}`, { cause: error });
  }
}
