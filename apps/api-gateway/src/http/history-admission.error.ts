/** Why a history read was not admitted; stable strings, mapped to HTTP only in the exception filter. */
export enum HistoryAdmissionErrorCode {
  /** The request asks for more cells (windows × types) than `MAX_HISTORY_CELLS`: a client error (400). */
  OverBudget = 'OVER_BUDGET',
  /** Every read slot is busy and the queue is full, or the wait for a slot timed out: try again later (503 + `Retry-After`). */
  Overloaded = 'OVERLOADED',
}

/** A history read refused by {@link HistoryAdmission}; the message is safe to show to the caller. */
export class HistoryAdmissionError extends Error {
  override readonly name = 'HistoryAdmissionError';

  constructor(
    readonly code: HistoryAdmissionErrorCode,
    message: string,
    /** Seconds after which a retry may succeed (`Retry-After`), for `OVERLOADED`. */
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
