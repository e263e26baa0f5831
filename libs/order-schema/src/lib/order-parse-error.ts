import type { CoffeeOrder } from './coffee-order';

/** Every machine-readable reason a line can be rejected for, in the order checks run. */
export const ORDER_ERROR_CODES = [
  'EMPTY_LINE',
  'LINE_TOO_LONG',
  'INVALID_UTF8',
  'INVALID_JSON',
  'NOT_AN_OBJECT',
  'MISSING_FIELD',
  'INVALID_FIELD',
  'EMPTY_ORDERS',
  'INVALID_BRANCH',
  'INVALID_TIMESTAMP',
  'TIMESTAMP_OUT_OF_RANGE',
] as const;

/** Machine-readable reason a line was rejected. */
export type OrderErrorCode = (typeof ORDER_ERROR_CODES)[number];

/** Why a line is not a valid order. */
export interface OrderParseError {
  /** Machine-readable reason. */
  code: OrderErrorCode;
  /** Human message, starting with the code and naming the field, e.g. `MISSING_FIELD: customerAgeGrade`. */
  message: string;
  /** The offending field, e.g. `branch` or `orders[2]`, when one field is to blame. */
  field?: string;
  /** 1-based column (UTF-16 code units of the decoded line) of the first JSON syntax error, for `INVALID_JSON`. */
  column?: number;
}

/** Outcome of {@link parseOrderLine}: an order or the reason there is none. Never thrown. */
export type ParseResult = { ok: true; order: CoffeeOrder } | { ok: false; error: OrderParseError };

/** Builds a failed {@link ParseResult}. */
export function parseFailure(code: OrderErrorCode, message: string, field?: string, column?: number): ParseResult {
  const error: OrderParseError = { code, message };
  if (field !== undefined) {
    error.field = field;
  }
  if (column !== undefined) {
    error.column = column;
  }
  return { ok: false, error };
}
