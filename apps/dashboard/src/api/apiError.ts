/** Why a gateway request failed. */
export type ApiErrorKind = 'unreachable' | 'unavailable' | 'bad-request' | 'http' | 'invalid-response';

/** A failed gateway request, classified for the UI. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
