import type { SourcePosition } from './stream.contracts';

/** Every code a {@link RedisIoError} can carry. */
export const REDIS_IO_ERROR_CODES = ['INVALID_URL', 'INVALID_OPTION', 'INVALID_INPUT', 'REDIS_UNAVAILABLE', 'CHECKPOINT_CONFLICT', 'STREAM_FULL', 'GROUP_MISSING', 'UNEXPECTED_REPLY'] as const;

/**
 * What went wrong, as a stable string an app can map (e.g. to an HTTP status at its edge):
 * - `INVALID_URL`: `REDIS_URL` cannot be used; the message names the problem (password redacted).
 * - `INVALID_OPTION`: a constructor option is out of range.
 * - `INVALID_INPUT`: an append carries something the entry format cannot hold (e.g. a line with `\n`).
 * - `REDIS_UNAVAILABLE`: no ready connection within the time allowed.
 * - `CHECKPOINT_CONFLICT`: the stored source position is not the expected one; nothing was written.
 * - `STREAM_FULL`: the orders stream holds `maxStreamLength` entries or more; nothing was written.
 * - `GROUP_MISSING`: the consumer group does not exist (call `ensureGroup()`), e.g. after Redis lost its data.
 * - `UNEXPECTED_REPLY`: Redis answered in a shape this library does not know (a bug or a foreign key).
 */
export type RedisIoErrorCode = (typeof REDIS_IO_ERROR_CODES)[number];

/** Extra facts carried by some errors. */
export interface RedisIoErrorDetails {
  /** `CHECKPOINT_CONFLICT`: the position actually stored (null when none), to resume from. */
  storedPosition?: SourcePosition | null;
  /** The underlying error (a socket or Redis error). */
  cause?: unknown;
}

/** The one error class of `@coffee/redis-io`; never carries a password in its message. */
export class RedisIoError extends Error {
  override readonly name = 'RedisIoError';
  readonly code: RedisIoErrorCode;
  /** See {@link RedisIoErrorDetails.storedPosition}. */
  readonly storedPosition?: SourcePosition | null;

  constructor(code: RedisIoErrorCode, message: string, details: RedisIoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if ('storedPosition' in details) {
      this.storedPosition = details.storedPosition;
    }
  }
}
