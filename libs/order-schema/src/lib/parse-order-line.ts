import type { CoffeeOrder } from './coffee-order';
import { findBranchNameProblem } from './branch-name';
import { findJsonSyntaxError } from './json-syntax-error';
import { parseFailure, type ParseResult } from './order-parse-error';
import { checkOrderTime } from './order-time-rule';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, parseOrderTimestamp } from './order-timestamp';

/** Default longest accepted line, in UTF-8 bytes (64 KiB). */
export const DEFAULT_MAX_LINE_BYTES = 65_536;

/** Options of {@link parseOrderLine}. */
export interface ParseOrderLineOptions {
  /**
   * Longest accepted line in UTF-8 bytes, not counting a trailing `\r`; default
   * {@link DEFAULT_MAX_LINE_BYTES}. `Infinity` disables the check; a value that is not a positive
   * number falls back to the default.
   */
  maxLineBytes?: number;
  /**
   * The receive (or processing) clock, epoch ms. When given, an order whose own `timestamp` lies
   * more than `maxFutureSkewMs` after it is rejected `TIMESTAMP_OUT_OF_RANGE` (see
   * {@link checkOrderTime}); without it only the fixed range of {@link parseOrderTimestamp} applies.
   */
  now?: number;
  /** How far after `now` an order time may lie, ms. Default `DEFAULT_MAX_FUTURE_SKEW_MS` (5 minutes). */
  maxFutureSkewMs?: number;
  /** Branch given to a line with no `branch` key; unset, such a line is `MISSING_FIELD` (its message names `DEFAULT_BRANCH`). */
  defaultBranch?: string;
  /** When given, the only branches accepted; any other is `INVALID_BRANCH`. */
  branchAllowlist?: ReadonlySet<string>;
}

const NO_RULES: ParseOrderLineOptions = {};

// Created on first use: importing the library must work where TextDecoder is missing (jsdom).
let utf8: InstanceType<typeof TextDecoder> | undefined;

/** Shortens a value for an error message, so a huge bad value cannot bloat a dead-letter entry. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Exact UTF-8 length of a string, counting a lone surrogate as the 3 bytes of U+FFFD. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes += 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

function tooLong(bytes: number, limit: number): ParseResult {
  return parseFailure('LINE_TOO_LONG', `LINE_TOO_LONG: ${bytes} bytes, the limit is ${limit}`);
}

function missing(field: string): ParseResult {
  return parseFailure('MISSING_FIELD', `MISSING_FIELD: ${field}`, field);
}

function notAString(field: string, value: unknown): ParseResult {
  const got = typeof value === 'string' ? 'an empty string' : typeName(value);
  return parseFailure('INVALID_FIELD', `INVALID_FIELD: ${field} must be a non-empty string, got ${got}`, field);
}

function invalidJson(text: string, engineMessage: string): ParseResult {
  if (text.trim() === '') {
    return parseFailure('EMPTY_LINE', 'EMPTY_LINE: the line holds only white space');
  }
  const syntax = findJsonSyntaxError(text);
  if (syntax === undefined) {
    return parseFailure('INVALID_JSON', `INVALID_JSON: ${engineMessage}`);
  }
  const column = syntax.offset + 1;
  return parseFailure('INVALID_JSON', `INVALID_JSON at column ${column}: ${syntax.reason}`, undefined, column);
}

/** Checks the parsed value field by field and builds the order. */
function toOrder(value: unknown, rules: ParseOrderLineOptions): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return parseFailure('NOT_AN_OBJECT', `NOT_AN_OBJECT: the line is a JSON ${typeName(value)}, expected an object`);
  }
  const record = value as Record<string, unknown>;

  const branch = record.branch === undefined ? rules.defaultBranch : record.branch;
  if (branch === undefined) {
    return parseFailure(
      'MISSING_FIELD',
      'MISSING_FIELD: branch (a line without a branch is counted under DEFAULT_BRANCH when that setting is set)',
      'branch',
    );
  }
  if (typeof branch !== 'string') {
    return notAString('branch', branch);
  }
  const problem = findBranchNameProblem(branch);
  if (problem !== undefined) {
    return parseFailure('INVALID_BRANCH', `INVALID_BRANCH: branch ${quote(branch)} ${problem}`, 'branch');
  }
  if (rules.branchAllowlist !== undefined && !rules.branchAllowlist.has(branch)) {
    return parseFailure('INVALID_BRANCH', `INVALID_BRANCH: branch ${quote(branch)} is not in BRANCH_ALLOWLIST`, 'branch');
  }

  const orders = record.orders;
  if (orders === undefined) {
    return missing('orders');
  }
  if (!Array.isArray(orders)) {
    return parseFailure('INVALID_FIELD', `INVALID_FIELD: orders must be an array of coffee names, got ${typeName(orders)}`, 'orders');
  }
  if (orders.length === 0) {
    return parseFailure('EMPTY_ORDERS', 'EMPTY_ORDERS: orders must name at least one coffee', 'orders');
  }
  for (let i = 0; i < orders.length; i++) {
    const coffee: unknown = orders[i];
    if (typeof coffee !== 'string' || coffee.length === 0) {
      return notAString(`orders[${i}]`, coffee);
    }
  }

  const paymentMethod = record.paymentMethod;
  if (paymentMethod === undefined) {
    return missing('paymentMethod');
  }
  if (typeof paymentMethod !== 'string' || paymentMethod.length === 0) {
    return notAString('paymentMethod', paymentMethod);
  }

  const customerAgeGrade = record.customerAgeGrade;
  if (customerAgeGrade === undefined) {
    return missing('customerAgeGrade');
  }
  if (typeof customerAgeGrade !== 'string' || customerAgeGrade.length === 0) {
    return notAString('customerAgeGrade', customerAgeGrade);
  }

  const order: CoffeeOrder = { branch, orders: orders as string[], paymentMethod, customerAgeGrade };

  const rawTimestamp = record.timestamp;
  if (rawTimestamp !== undefined && rawTimestamp !== null) {
    const timestamp = parseOrderTimestamp(rawTimestamp);
    if (timestamp === undefined) {
      return parseFailure(
        'INVALID_TIMESTAMP',
        `INVALID_TIMESTAMP: timestamp ${quote(rawTimestamp)} is not epoch ms (${MIN_TIMESTAMP_MS}..${MAX_TIMESTAMP_MS}, 1970-01-01..9999-12-30) or an ISO 8601 date-time with a zone`,
        'timestamp',
      );
    }
    if (rules.now !== undefined) {
      const outOfRange = checkOrderTime(timestamp, rules.now, rules.maxFutureSkewMs);
      if (outOfRange !== undefined) {
        return { ok: false, error: outOfRange };
      }
    }
    order.timestamp = timestamp;
  }

  const orderId = record.orderId;
  if (orderId !== undefined && orderId !== null) {
    if (typeof orderId === 'string' && orderId.length > 0) {
      order.orderId = orderId;
    } else if (typeof orderId === 'number' && Number.isFinite(orderId)) {
      order.orderId = String(orderId);
    } else {
      return parseFailure('INVALID_FIELD', `INVALID_FIELD: orderId must be a non-empty string or a number, got ${typeName(orderId)}`, 'orderId');
    }
  }
  return { ok: true, order };
}

function decode(bytes: Uint8Array, limit: number): string | ParseResult {
  let length = bytes.length;
  if (length > 0 && bytes[length - 1] === 0x0d) {
    length--;
  }
  if (length > limit) {
    return tooLong(length, limit);
  }
  utf8 ??= new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(length === bytes.length ? bytes : bytes.subarray(0, length));
  } catch {
    return parseFailure('INVALID_UTF8', 'INVALID_UTF8: the line is not valid UTF-8');
  }
}

/**
 * Parses one order line (the original JSON format: any key order, any white space) into a
 * {@link CoffeeOrder}, or says why it is not one. Never throws.
 *
 * - `line`: the line without its `\n`; a trailing `\r` is ignored. Bytes are decoded as strict
 *   UTF-8 (`INVALID_UTF8` otherwise; a leading BOM is dropped).
 * - Required: `branch` (see {@link isValidBranchName}), `orders` (non-empty array of non-empty
 *   strings), `paymentMethod` and `customerAgeGrade` (non-empty strings). Unknown coffee names,
 *   methods and grades are data, not errors.
 * - Optional: `timestamp` (epoch ms number or ISO 8601 date-time with a zone, normalised to epoch
 *   ms) and `orderId` (string, or number turned into a string); `null` counts as absent.
 * - Unknown extra fields are ignored (dropped from the order).
 *
 * The checks run in the order of {@link ORDER_ERROR_CODES}; the first failure is reported.
 *
 * @example
 * const r = parseOrderLine('{"branch": "sunae", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"}');
 * if (r.ok) console.log(r.order.orders.length); else console.log(r.error.code, r.error.message);
 */
export function parseOrderLine(line: string | Uint8Array, options?: ParseOrderLineOptions): ParseResult {
  const requested = options?.maxLineBytes;
  const limit = typeof requested === 'number' && requested > 0 ? requested : DEFAULT_MAX_LINE_BYTES;

  let text: string;
  if (typeof line === 'string') {
    text = line;
    let length = text.length;
    if (length > 0 && text.charCodeAt(length - 1) === 0x0d) {
      text = text.slice(0, --length);
    }
    // UTF-8 needs at least one byte and at most three per UTF-16 code unit: count only in between.
    if (length * 3 > limit) {
      const bytes = utf8Length(text);
      if (bytes > limit) {
        return tooLong(bytes, limit);
      }
    }
  } else if (ArrayBuffer.isView(line)) {
    // isView, not only instanceof: a Buffer or Uint8Array from another realm (vm, jest) is bytes too.
    const view: ArrayBufferView = line;
    const bytes = view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const decoded = decode(bytes, limit);
    if (typeof decoded !== 'string') {
      return decoded;
    }
    text = decoded;
  } else {
    return parseFailure('INVALID_JSON', `INVALID_JSON: expected a string or bytes, got ${typeName(line)}`);
  }

  if (text.length === 0) {
    return parseFailure('EMPTY_LINE', 'EMPTY_LINE: the line is empty');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return invalidJson(text, e instanceof Error ? e.message : String(e));
  }
  return toOrder(value, options ?? NO_RULES);
}
