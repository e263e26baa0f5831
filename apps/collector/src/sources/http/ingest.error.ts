/**
 * Why an HTTP ingest request was refused as a whole (single inputs are rejected one by one, not
 * thrown). The exception filter maps the codes to HTTP statuses.
 */
export type IngestErrorCode =
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'EMPTY_BODY'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TOO_MANY_INPUTS'
  | 'TOO_MANY_REJECTED'
  | 'RATE_LIMITED'
  | 'REDIS_UNAVAILABLE';

/** The collector's one error class for refused ingest requests. */
export class IngestError extends Error {
  override readonly name = 'IngestError';

  constructor(
    readonly code: IngestErrorCode,
    message: string,
    /** Seconds to wait before retrying (`RATE_LIMITED`); sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
