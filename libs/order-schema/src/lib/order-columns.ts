/**
 * Orders as growable columns of ids into one string table, filled by
 * {@link CompactEntryDecoder.decodeColumns} entry after entry: `@coffee/aggregation`'s
 * `CountableColumns` (this class satisfies it structurally), so a batch is counted without an
 * object or an array per order. Order `i` is `branch[i]`, `paymentMethod[i]`, `customerAgeGrade[i]`
 * (indexes into `strings`), `timestamp[i]` (epoch ms) and the coffees `cups[cupEnds[i - 1] ?? 0 ..
 * cupEnds[i])`; columns are longer than `length` (spare room), only the first `length` items count.
 * Every distinct string has one id, whichever entry it came from.
 *
 * @example
 * const columns = new OrderColumns();
 * decoder.decodeColumns(body, 0, body.length, columns); // appends the entry's orders
 * aggregateBatch(columns, windowing);
 */
export class OrderColumns {
  readonly kind = 'countable-columns';
  /** Orders held. */
  length = 0;
  /** Cups held (the end of the last order's coffees in `cups`). */
  cupCount = 0;
  readonly strings: string[] = [];
  branch: Int32Array;
  paymentMethod: Int32Array;
  customerAgeGrade: Int32Array;
  timestamp: Float64Array;
  cupEnds: Int32Array;
  cups: Int32Array;
  private readonly ids = new Map<string, number>();

  /** @param capacity orders to make room for at first (columns grow as needed). */
  constructor(capacity = 512) {
    const orders = Math.max(1, capacity);
    this.branch = new Int32Array(orders);
    this.paymentMethod = new Int32Array(orders);
    this.customerAgeGrade = new Int32Array(orders);
    this.timestamp = new Float64Array(orders);
    this.cupEnds = new Int32Array(orders);
    this.cups = new Int32Array(2 * orders);
  }

  /** The id of `value` (added to `strings` on first sight). */
  idOf(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** Makes room for `orders` more orders and `cups` more cups. */
  reserve(orders: number, cups: number): void {
    const needOrders = this.length + orders;
    if (needOrders > this.branch.length) {
      const size = Math.max(needOrders, 2 * this.branch.length);
      this.branch = grown(this.branch, size);
      this.paymentMethod = grown(this.paymentMethod, size);
      this.customerAgeGrade = grown(this.customerAgeGrade, size);
      this.cupEnds = grown(this.cupEnds, size);
      const timestamp = new Float64Array(size);
      timestamp.set(this.timestamp);
      this.timestamp = timestamp;
    }
    const needCups = this.cupCount + cups;
    if (needCups > this.cups.length) {
      this.cups = grown(this.cups, Math.max(needCups, 2 * this.cups.length));
    }
  }

  /** Drops the orders from `length` on (an entry that turned out malformed); strings stay. */
  truncate(length: number): void {
    if (length < this.length) {
      this.length = length;
      this.cupCount = length === 0 ? 0 : this.cupEnds[length - 1];
    }
  }

  /** Newest order time held, epoch ms (`-Infinity` when empty). */
  maxTimestamp(): number {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.length; i++) {
      if (this.timestamp[i] > max) {
        max = this.timestamp[i];
      }
    }
    return max;
  }
}

function grown(array: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  out.set(array);
  return out;
}
