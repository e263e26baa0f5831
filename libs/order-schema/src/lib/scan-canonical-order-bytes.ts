import { MAX_TIMESTAMP_MS } from './order-timestamp';
import { isBranchBytes, NOT_A_VALUE, NOT_INTERNED, OrderValueInterner } from './order-value-interner';

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

/** True when `token` is at `view[at..]`, before `end`: compared 4 bytes at a time. */
function hasToken(view: DataView, at: number, end: number, { bytes: token, words }: Token): boolean {
  const length = token.length;
  if (at + length > end) {
    return false;
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
 * control character (JSON forbids those raw) or any non-ASCII byte. (For the orderId; the other
 * values go through the fields' interner, which checks them the same way.)
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

/**
 * Where the values of the last line {@link scanCanonicalOrderBytes} accepted lie in its bytes
 * (each a `[start, end)` range without the quotes). Reused from line to line: no allocation.
 *
 * The scan also gives each value's token from the fields' {@link OrderValueInterner} (`*Token`,
 * `cupTokens`), found while its bytes are checked: a writer can tell values apart by token. Keep
 * one per thread, reused: its interner learns the vocabulary once.
 */
export class CanonicalOrderFields {
  constructor(readonly interner: OrderValueInterner = new OrderValueInterner()) {}

  /** Interner tokens of the values (or `NOT_INTERNED`). */
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
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** A view of `bytes` (the last one made, when for the same bytes), to compare 4 bytes at a time. */
  viewOf(bytes: Uint8Array): DataView {
    if (this.viewBytes !== bytes) {
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
 * @param fields filled with where each value lies (valid when the line is accepted); pass your own, reused
 *   (its interner learns the vocabulary once)
 * @returns {@link NOT_CANONICAL}, {@link HAS_TIMESTAMP}, or the index (in `bytes`) where the
 *   timestamp goes: before `,"orderId"` if present, else before the closing `}`
 */
export function scanCanonicalOrderBytes(bytes: Uint8Array, start: number, end: number, fields: CanonicalOrderFields = scratchFields()): number {
  const view = fields.viewOf(bytes);
  const interner = fields.interner;
  if (!hasToken(view, start, end, BRANCH_OPEN)) {
    return NOT_CANONICAL;
  }
  let at = start + BRANCH_OPEN.bytes.length;
  // A branch is a value (branch bytes are value bytes) whose token says it is a valid branch name.
  const branch = interner.scan(bytes, at, end);
  if (branch === NOT_A_VALUE) {
    return NOT_CANONICAL;
  }
  let close = interner.end;
  if (branch === NOT_INTERNED ? !isBranchBytes(bytes, at, close) : !interner.isBranch(branch)) {
    return NOT_CANONICAL;
  }
  if (!hasToken(view, close, end, ORDERS_OPEN)) {
    return NOT_CANONICAL;
  }
  fields.branchToken = branch;
  fields.branchStart = at;
  fields.branchEnd = close;
  fields.cupCount = 0;

  at = close + ORDERS_OPEN.bytes.length;
  for (;;) {
    const cup = interner.scan(bytes, at, end);
    if (cup === NOT_A_VALUE) {
      return NOT_CANONICAL;
    }
    close = interner.end;
    fields.addCup(at, close, cup);
    if (bytes[close + 1] === CLOSE_BRACKET) {
      break;
    }
    if (bytes[close + 1] !== COMMA || bytes[close + 2] !== QUOTE) {
      return NOT_CANONICAL;
    }
    at = close + 3;
  }
  if (!hasToken(view, close, end, PAYMENT_OPEN)) {
    return NOT_CANONICAL;
  }
  const paymentStart = close + PAYMENT_OPEN.bytes.length;
  const payment = interner.scan(bytes, paymentStart, end);
  const paymentEnd = interner.end;
  if (payment === NOT_A_VALUE || !hasToken(view, paymentEnd, end, AGE_OPEN)) {
    return NOT_CANONICAL;
  }
  const ageStart = paymentEnd + AGE_OPEN.bytes.length;
  const age = interner.scan(bytes, ageStart, end);
  if (age === NOT_A_VALUE) {
    return NOT_CANONICAL;
  }
  close = interner.end;
  fields.paymentToken = payment;
  fields.ageToken = age;
  fields.paymentStart = paymentStart;
  fields.paymentEnd = paymentEnd;
  fields.ageStart = ageStart;
  fields.ageEnd = close;
  fields.timestamp = -1;
  fields.orderIdStart = -1;
  fields.orderIdEnd = -1;

  // `close` is at the age grade's closing quote; then `}`, or a timestamp and/or an orderId.
  at = close + 1;
  let stampAt = at;
  if (hasToken(view, close, end, TIMESTAMP_OPEN)) {
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
    fields.timestamp = ms;
  }
  if (hasToken(view, at, end, ORDER_ID_OPEN)) {
    const idStart = at + ORDER_ID_OPEN.bytes.length;
    close = valueEnd(bytes, idStart, end);
    if (close < 0) {
      return NOT_CANONICAL;
    }
    fields.orderIdStart = idStart;
    fields.orderIdEnd = close;
    at = close + 1;
  }
  return at === end - 1 && bytes[at] === CLOSE_BRACE ? stampAt : NOT_CANONICAL;
}

let scratch: CanonicalOrderFields | undefined;

/** The fields a scan called without any fills (made on first use). */
function scratchFields(): CanonicalOrderFields {
  scratch ??= new CanonicalOrderFields();
  return scratch;
}
