import type { CoffeeOrder } from '@coffee/order-schema';

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const BRANCH_KEY = ascii('{"branch":');
const ORDERS_KEY = ascii(',"orders":[');
const PAYMENT_KEY = ascii('],"paymentMethod":');
const AGE_KEY = ascii(',"customerAgeGrade":');
const TIMESTAMP_KEY = ascii(',"timestamp":');
const ORDER_ID_KEY = ascii(',"orderId":');
const COMMA = 0x2c;
const LINE_END = ascii('}\n');
/** Longest decimal form of a timestamp (8.64e15 has 16 digits). */
const MAX_DIGITS = 16;
/** Distinct strings whose encoding is cached (vocabularies are tiny; anything else is encoded each time). */
const CACHE_LIMIT = 4096;

function copy(source: Uint8Array, target: Uint8Array, offset: number): number {
  for (let i = 0; i < source.length; i++) {
    target[offset + i] = source[i];
  }
  return offset + source.length;
}

/**
 * Writes order lines as UTF-8 bytes straight into large buffers, byte-identical to
 * `serializeOrder(order) + '\n'` (a spec holds it to that). It exists for speed: the JSON form of
 * each distinct string is encoded once and copied, so no per-line string is built or flattened.
 */
export class OrderLineEncoder {
  private readonly cache = new Map<string, Uint8Array>();
  private readonly scratch: Uint8Array[] = [];
  private buffer: Buffer;
  private length = 0;
  private cachedHigh = -1;
  private cachedHighDigits: Uint8Array = new Uint8Array(0);

  /** @param capacity initial bytes of each chunk buffer; it grows when a line does not fit. */
  constructor(private readonly capacity = 2 << 20) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Bytes appended since the last {@link take}. */
  get size(): number {
    return this.length;
  }

  /** Appends one line (with its `\n`). */
  append(order: CoffeeOrder): void {
    const branch = this.quoted(order.branch);
    const payment = this.quoted(order.paymentMethod);
    const age = this.quoted(order.customerAgeGrade);
    const coffees = order.orders;
    let need = BRANCH_KEY.length + branch.length + ORDERS_KEY.length + PAYMENT_KEY.length + payment.length + AGE_KEY.length + age.length + LINE_END.length;
    for (let i = 0; i < coffees.length; i++) {
      const quoted = this.quoted(coffees[i]);
      this.scratch[i] = quoted;
      need += quoted.length + 1;
    }
    const timestamp = order.timestamp;
    const plainTimestamp = timestamp !== undefined && Number.isSafeInteger(timestamp) && timestamp >= 0;
    const odd = timestamp !== undefined && !plainTimestamp ? ascii(JSON.stringify(timestamp)) : undefined;
    if (timestamp !== undefined) {
      need += TIMESTAMP_KEY.length + (odd === undefined ? MAX_DIGITS : odd.length);
    }
    const orderId = order.orderId === undefined ? undefined : this.quoted(order.orderId);
    if (orderId !== undefined) {
      need += ORDER_ID_KEY.length + orderId.length;
    }
    this.ensure(need);

    const b = this.buffer;
    let o = copy(BRANCH_KEY, b, this.length);
    o = copy(branch, b, o);
    o = copy(ORDERS_KEY, b, o);
    for (let i = 0; i < coffees.length; i++) {
      if (i > 0) {
        b[o++] = COMMA;
      }
      o = copy(this.scratch[i], b, o);
    }
    o = copy(PAYMENT_KEY, b, o);
    o = copy(payment, b, o);
    o = copy(AGE_KEY, b, o);
    o = copy(age, b, o);
    if (timestamp !== undefined) {
      o = copy(TIMESTAMP_KEY, b, o);
      o = odd === undefined ? this.digits(timestamp, o) : copy(odd, b, o);
    }
    if (orderId !== undefined) {
      o = copy(ORDER_ID_KEY, b, o);
      o = copy(orderId, b, o);
    }
    this.length = copy(LINE_END, b, o);
  }

  /** Hands over the bytes appended so far and starts a fresh buffer (the old one now belongs to the caller). */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(this.capacity);
    this.length = 0;
    return bytes;
  }

  private quoted(text: string): Uint8Array {
    let bytes = this.cache.get(text);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(text), 'utf8');
      if (this.cache.size < CACHE_LIMIT) {
        this.cache.set(text, bytes);
      }
    }
    return bytes;
  }

  /**
   * Writes a non-negative safe integer in decimal at `offset`. The digits above the last six are
   * cached: consecutive timestamps share them, and the last six take only small-integer math.
   */
  private digits(value: number, offset: number): number {
    const b = this.buffer;
    let low = value % 1_000_000;
    let o = offset;
    let width = 6;
    if (value >= 1_000_000) {
      const high = (value - low) / 1_000_000;
      if (high !== this.cachedHigh) {
        this.cachedHigh = high;
        this.cachedHighDigits = ascii(String(high));
      }
      o = copy(this.cachedHighDigits, b, o);
    } else {
      width = low >= 100_000 ? 6 : low >= 10_000 ? 5 : low >= 1_000 ? 4 : low >= 100 ? 3 : low >= 10 ? 2 : 1;
    }
    for (let i = o + width - 1; i >= o; i--) {
      b[i] = 0x30 + (low % 10);
      low = (low / 10) | 0;
    }
    return o + width;
  }

  private ensure(extra: number): void {
    if (this.length + extra > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
  }
}
