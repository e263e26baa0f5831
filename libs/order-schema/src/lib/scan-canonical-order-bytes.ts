import { isBranchAscii, MAX_BRANCH_NAME_LENGTH } from './branch-name';
import { MAX_TIMESTAMP_MS } from './order-timestamp';
import { isBranchBytes, NOT_A_VALUE, NOT_INTERNED, type OrderValueInterner } from './order-value-interner';

/** {@link scanCanonicalOrderBytes}: the line is not in canonical form (parse it the general way). */
export const NOT_CANONICAL = -1;
/** {@link scanCanonicalOrderBytes}: the line is canonical and already carries a timestamp. */
export const HAS_TIMESTAMP = -2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;
/** Digits of the largest accepted epoch-ms timestamp. */
const MAX_TIMESTAMP_DIGITS = String(MAX_TIMESTAMP_MS).length;
const LOWER_A = 0x61;
const LOWER_L = 0x6c;

/** A fixed part of the canonical form: its bytes, and as little-endian 32-bit words at 0, 4, … and (overlapping) at its length - 4. */
interface Token {
  bytes: Uint8Array;
  words: Int32Array;
}

function ascii(text: string): Token {
  const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const words: number[] = [];
  for (let i = 0; i < bytes.length - 4; i += 4) {
    words.push(view.getInt32(i, true));
  }
  words.push(view.getInt32(bytes.length - 4, true));
  return { bytes, words: Int32Array.from(words) };
}

// The fixed parts of `serializeOrder`'s output, between and around the values.
const BRANCH_OPEN = ascii('{"branch":"');
const ORDERS_OPEN = ascii('","orders":["');
const PAYMENT_OPEN = ascii('"],"paymentMethod":"');
const AGE_OPEN = ascii('","customerAgeGrade":"');
const TIMESTAMP_OPEN = ascii('","timestamp":');
const ORDER_ID_OPEN = ascii(',"orderId":"');

/** True when `token` is at `bytes[at..]`, before `end`; compared 4 bytes at a time through `view` (of `bytes`) when given. */
function hasToken(bytes: Uint8Array, at: number, end: number, { bytes: token, words }: Token, view: DataView | undefined): boolean {
  const length = token.length;
  if (at + length > end) {
    return false;
  }
  if (view === undefined) {
    for (let i = 0; i < length; i++) {
      if (bytes[at + i] !== token[i]) {
        return false;
      }
    }
    return true;
  }
  const last = words.length - 1;
  for (let k = 0; k < last; k++) {
    if (view.getInt32(at + 4 * k, true) !== words[k]) {
      return false;
    }
  }
  return view.getInt32(at + length - 4, true) === words[last];
}

/**
 * Index of the `"` closing the string value starting at `from`, or -1 when the value is empty,
 * does not end before `end`, or holds a byte this scan leaves to the general parser: an escape, a
 * control character (JSON forbids those raw) or any non-ASCII byte.
 */
function valueEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      return i > from ? i : -1;
    }
    if (c === BACKSLASH || c < 0x20 || c > 0x7f) {
      return -1;
    }
  }
  return -1;
}

/** {@link valueEnd}, through `interner` when given (which then holds the value's token). */
function valueEndOf(bytes: Uint8Array, from: number, end: number, interner: OrderValueInterner | undefined): number {
  if (interner === undefined) {
    return valueEnd(bytes, from, end);
  }
  return interner.scan(bytes, from, end) === NOT_A_VALUE ? -1 : interner.end;
}

/**
 * Where the values of the last line {@link scanCanonicalOrderBytes} accepted lie in its bytes
 * (each a `[start, end)` range without the quotes). Reused from line to line: no allocation.
 *
 * Given an {@link OrderValueInterner}, the scan also gives each value's token (`*Token`,
 * `cupTokens`), found while its bytes are checked: a writer can tell values apart by token.
 */
export class CanonicalOrderFields {
  constructor(readonly interner?: OrderValueInterner) {}

  /** Interner tokens of the values (or `NOT_INTERNED`); set only with an interner. */
  branchToken = NOT_INTERNED;
  paymentToken = NOT_INTERNED;
  ageToken = NOT_INTERNED;
  /** Cup i's token is `cupTokens[i]`. */
  cupTokens = new Int32Array(16);

  branchStart = 0;
  branchEnd = 0;
  paymentStart = 0;
  paymentEnd = 0;
  ageStart = 0;
  ageEnd = 0;
  /** Epoch ms, or -1 when the line has none. */
  timestamp = -1;
  /** -1 when the line has no orderId. */
  orderIdStart = -1;
  orderIdEnd = -1;
  cupCount = 0;
  /** Cup i is `[cups[2i], cups[2i + 1])`. */
  cups = new Int32Array(32);

  private viewBytes: Uint8Array | undefined;
  private view: DataView | undefined;

  /** A view of `bytes` (the last one made, when for the same bytes), to compare 4 bytes at a time. */
  viewOf(bytes: Uint8Array): DataView {
    if (this.viewBytes !== bytes || this.view === undefined) {
      this.viewBytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view;
  }

  addCup(start: number, end: number, token: number): void {
    const at = this.cupCount * 2;
    if (at === this.cups.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.cups);
      this.cups = grown;
      const tokens = new Int32Array(this.cupCount * 2);
      tokens.set(this.cupTokens);
      this.cupTokens = tokens;
    }
    this.cups[at] = start;
    this.cups[at + 1] = end;
    this.cupTokens[this.cupCount] = token;
    this.cupCount++;
  }
}

/**
 * Checks, without decoding or allocating, whether the UTF-8 line `bytes[start..end)` is exactly
 * what {@link serializeOrder} writes for a valid ASCII order: the known keys in their order,
 * compact, no escapes, the timestamp as plain digits, the orderId as a string.
 *
 * For such a line `parseOrderLine` succeeds (the scan applies no length limit: check the line
 * against `maxLineBytes` first, as the collector does), and `serializeOrder` of its order (stamped with a
 * receive time when it has none) gives the line back, with `,"timestamp":<ms>` inserted at the
 * returned index when the line had no timestamp. So a collector can validate and stamp a
 * canonical line by copying its bytes. Any other line, valid or not, gives {@link NOT_CANONICAL}:
 * parse it with `parseOrderLine`, which says what is wrong.
 *
 * @param fields when given, filled with where each value lies (valid when the line is accepted)
 * @returns {@link NOT_CANONICAL}, {@link HAS_TIMESTAMP}, or the index (in `bytes`) where the
 *   timestamp goes: before `,"orderId"` if present, else before the closing `}`
 */
export function scanCanonicalOrderBytes(bytes: Uint8Array, start: number, end: number, fields?: CanonicalOrderFields): number {
  const view = fields?.viewOf(bytes);
  if (!hasToken(bytes, start, end, BRANCH_OPEN, view)) {
    return NOT_CANONICAL;
  }
  let at = start + BRANCH_OPEN.bytes.length;
  let close = at;
  const interner = fields?.interner;
  if (interner !== undefined) {
    // A branch is a value (branch bytes are value bytes) whose token says it is a valid branch name.
    const token = interner.scan(bytes, at, end);
    if (token === NOT_A_VALUE) {
      return NOT_CANONICAL;
    }
    close = interner.end;
    if (token === NOT_INTERNED ? !isBranchBytes(bytes, at, close) : !interner.isBranch(token)) {
      return NOT_CANONICAL;
    }
    if (!hasToken(bytes, close, end, ORDERS_OPEN, view)) {
      return NOT_CANONICAL;
    }
    (fields as CanonicalOrderFields).branchToken = token;
  } else {
    for (; close < end && bytes[close] !== QUOTE; close++) {
      if (bytes[close] > 0x7f || !isBranchAscii(bytes[close])) {
        return NOT_CANONICAL;
      }
    }
    if (close === at || close - at > MAX_BRANCH_NAME_LENGTH || !hasToken(bytes, close, end, ORDERS_OPEN, view)) {
      return NOT_CANONICAL;
    }
    // The reserved name `all` (`*` cannot pass isBranchAscii): left to parseOrderLine, which rejects it.
    if (close - at === 3 && bytes[at] === LOWER_A && bytes[at + 1] === LOWER_L && bytes[at + 2] === LOWER_L) {
      return NOT_CANONICAL;
    }
  }
  if (fields !== undefined) {
    fields.branchStart = at;
    fields.branchEnd = close;
    fields.cupCount = 0;
  }

  at = close + ORDERS_OPEN.bytes.length;
  for (;;) {
    close = valueEndOf(bytes, at, end, interner);
    if (close < 0) {
      return NOT_CANONICAL;
    }
    fields?.addCup(at, close, interner === undefined ? NOT_INTERNED : interner.token);
    if (bytes[close + 1] === CLOSE_BRACKET) {
      break;
    }
    if (bytes[close + 1] !== COMMA || bytes[close + 2] !== QUOTE) {
      return NOT_CANONICAL;
    }
    at = close + 3;
  }
  if (!hasToken(bytes, close, end, PAYMENT_OPEN, view)) {
    return NOT_CANONICAL;
  }
  const paymentStart = close + PAYMENT_OPEN.bytes.length;
  const paymentEnd = valueEndOf(bytes, paymentStart, end, interner);
  if (paymentEnd < 0 || !hasToken(bytes, paymentEnd, end, AGE_OPEN, view)) {
    return NOT_CANONICAL;
  }
  const paymentToken = interner === undefined ? NOT_INTERNED : interner.token;
  const ageStart = paymentEnd + AGE_OPEN.bytes.length;
  close = valueEndOf(bytes, ageStart, end, interner);
  if (close < 0) {
    return NOT_CANONICAL;
  }
  if (fields !== undefined) {
    fields.paymentToken = paymentToken;
    fields.ageToken = interner === undefined ? NOT_INTERNED : interner.token;
    fields.paymentStart = paymentStart;
    fields.paymentEnd = paymentEnd;
    fields.ageStart = ageStart;
    fields.ageEnd = close;
    fields.timestamp = -1;
    fields.orderIdStart = -1;
    fields.orderIdEnd = -1;
  }

  // `close` is at the age grade's closing quote; then `}`, or a timestamp and/or an orderId.
  at = close + 1;
  let stampAt = at;
  if (hasToken(bytes, close, end, TIMESTAMP_OPEN, view)) {
    const digits = close + TIMESTAMP_OPEN.bytes.length;
    let ms = 0;
    for (at = digits; at < end && bytes[at] >= ZERO && bytes[at] <= NINE; at++) {
      ms = ms * 10 + (bytes[at] - ZERO);
    }
    const count = at - digits;
    if (count === 0 || count > MAX_TIMESTAMP_DIGITS || (count > 1 && bytes[digits] === ZERO) || ms > MAX_TIMESTAMP_MS) {
      return NOT_CANONICAL;
    }
    stampAt = HAS_TIMESTAMP;
    if (fields !== undefined) {
      fields.timestamp = ms;
    }
  }
  if (hasToken(bytes, at, end, ORDER_ID_OPEN, view)) {
    const idStart = at + ORDER_ID_OPEN.bytes.length;
    close = valueEnd(bytes, idStart, end);
    if (close < 0) {
      return NOT_CANONICAL;
    }
    if (fields !== undefined) {
      fields.orderIdStart = idStart;
      fields.orderIdEnd = close;
    }
    at = close + 1;
  }
  return at === end - 1 && bytes[at] === CLOSE_BRACE ? stampAt : NOT_CANONICAL;
}
