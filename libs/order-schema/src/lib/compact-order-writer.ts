import { COMPACT_ENTRY_MAGIC, COMPACT_ENTRY_VERSION, DEFAULT_COMPACT_ORDERS_PER_ENTRY, MAX_COMPACT_DICTIONARY, type CompactOrderEntries, type TimedCoffeeOrder } from './compact-order-entries';
import type { OrderValueInterner } from './order-value-interner';
import type { CanonicalOrderFields } from './scan-canonical-order-bytes';

// The writer of the compact entry format described in ./compact-order-entries.

const TABLE_SLOTS = 4096;
const TABLE_MASK = TABLE_SLOTS - 1;
const SURROGATE = /[\ud800-\udfff]/;

/** A growable byte buffer. */
class Bytes {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number, spare?: ArrayBuffer) {
    this.bytes = spare !== undefined && spare.byteLength >= capacity ? new Uint8Array(spare) : new Uint8Array(Math.max(capacity, 64));
  }

  reserve(more: number): void {
    if (this.length + more > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
  }

  /** Unsigned LEB128 of a non-negative safe integer; the caller reserved 8 bytes. */
  varint(value: number): void {
    const bytes = this.bytes;
    let at = this.length;
    while (value >= 0x80) {
      bytes[at++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    bytes[at++] = value;
    this.length = at;
  }

  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/**
 * Writes validated, timed orders as compact entries of at most `maxOrdersPerEntry` orders each
 * (fewer when an entry's dictionary reaches {@link MAX_COMPACT_DICTIONARY}), in the order added.
 * Orders come from a canonical line's bytes as `scanCanonicalOrderBytes` found them
 * ({@link addScanned}: no string is made) or as objects ({@link addOrder}). Pure and synchronous.
 *
 * @example
 * const writer = new CompactOrderWriter();
 * writer.addOrder({ branch: 'sunae', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: 1412123415250 });
 * const entries = writer.finish(); // one entry; new CompactEntryDecoder().decode(entries.bytes) gives the order back
 */
export class CompactOrderWriter {
  private readonly out: Bytes;
  private readonly records = new Bytes(16 * 1024);
  private readonly dictionary = new Bytes(1024);
  private readonly ends: number[] = [];
  private readonly counts: number[] = [];
  /** Dictionary ids of byte values (scanned path): slot (a cheap hash, see `idOfBytes`) → id + 1; `used` lists filled slots. */
  private readonly table = new Int32Array(TABLE_SLOTS);
  private readonly used: number[] = [];
  /** Where each dictionary value's bytes start in `dictionary` (after its length), and end. */
  private readonly valueStarts: number[] = [];
  private readonly valueEnds: number[] = [];
  /** Dictionary ids of string values (object path). */
  private readonly strings = new Map<string, number>();
  private size = 0;
  private orders = 0;
  private base = 0;
  private readonly encoder = new TextEncoder();
  /** The interner whose tokens the open entry's ids are filed under (in its slots, stamped `stamp`). */
  private interner: OrderValueInterner | undefined;
  private stamp = 0;

  /**
   * @param maxOrdersPerEntry most orders per entry (a positive integer)
   * @param spare a buffer of an earlier result no longer in use, written into when large enough
   * @param capacity expected output size, bytes
   */
  constructor(
    private readonly maxOrdersPerEntry: number = DEFAULT_COMPACT_ORDERS_PER_ENTRY,
    spare?: ArrayBuffer,
    capacity = 64 * 1024,
  ) {
    if (!Number.isSafeInteger(maxOrdersPerEntry) || maxOrdersPerEntry < 1) {
      throw new RangeError(`maxOrdersPerEntry must be a positive integer, got ${maxOrdersPerEntry}`);
    }
    this.out = new Bytes(capacity, spare);
  }

  /** Orders added so far. */
  get count(): number {
    let total = this.orders;
    for (const n of this.counts) {
      total += n;
    }
    return total;
  }

  /**
   * Adds the canonical line `bytes` that `scanCanonicalOrderBytes` just accepted into `fields`
   * (values are ASCII), with its time (`fields.timestamp`, or the receive time stamped on it).
   */
  addScanned(bytes: Uint8Array, fields: CanonicalOrderFields, timestamp: number): void {
    if (this.size + 3 + fields.cupCount > MAX_COMPACT_DICTIONARY) {
      this.closeEntry();
    }
    const records = this.records;
    records.reserve(48 + 8 * fields.cupCount);
    this.startOrder(timestamp);
    const hasOrderId = fields.orderIdStart >= 0 ? 1 : 0;
    records.varint(fields.cupCount * 2 + hasOrderId);
    const interner = fields.interner;
    if (interner !== this.interner) {
      this.interner = interner;
      this.stamp = interner.newStamp();
    }
    records.varint(this.idOfToken(interner, fields.branchToken, bytes, fields.branchStart, fields.branchEnd));
    records.varint(this.idOfToken(interner, fields.paymentToken, bytes, fields.paymentStart, fields.paymentEnd));
    records.varint(this.idOfToken(interner, fields.ageToken, bytes, fields.ageStart, fields.ageEnd));
    records.varint(zigzag(timestamp - this.base));
    const cups = fields.cups;
    const tokens = fields.cupTokens;
    for (let i = 0; i < fields.cupCount; i++) {
      records.varint(this.idOfToken(interner, tokens[i], bytes, cups[2 * i], cups[2 * i + 1]));
    }
    if (hasOrderId === 1) {
      records.reserve(8);
      records.varint((fields.orderIdEnd - fields.orderIdStart) * 2);
      records.copy(bytes, fields.orderIdStart, fields.orderIdEnd);
    }
    this.endOrder();
  }

  /** Adds an order object; its `timestamp` must be set (epoch ms). */
  addOrder(order: TimedCoffeeOrder): void {
    if (!Number.isSafeInteger(order.timestamp)) {
      throw new RangeError(`order timestamp must be an integer epoch ms, got ${order.timestamp}`);
    }
    if (order.orders.length === 0) {
      throw new RangeError('an order holds at least one cup');
    }
    if (this.size + 3 + order.orders.length > MAX_COMPACT_DICTIONARY) {
      this.closeEntry();
    }
    const records = this.records;
    records.reserve(48 + 8 * order.orders.length);
    this.startOrder(order.timestamp);
    const hasOrderId = order.orderId === undefined ? 0 : 1;
    records.varint(order.orders.length * 2 + hasOrderId);
    records.varint(this.idOfString(order.branch));
    records.varint(this.idOfString(order.paymentMethod));
    records.varint(this.idOfString(order.customerAgeGrade));
    records.varint(zigzag(order.timestamp - this.base));
    for (const cup of order.orders) {
      records.varint(this.idOfString(cup));
    }
    if (order.orderId !== undefined) {
      this.writeString(records, order.orderId);
    }
    this.endOrder();
  }

  /** The entries written; the writer is spent afterwards. */
  finish(): CompactOrderEntries {
    this.closeEntry();
    return {
      format: 'compact-v1',
      bytes: this.out.bytes.subarray(0, this.out.length),
      ends: Int32Array.from(this.ends),
      counts: Int32Array.from(this.counts),
    };
  }

  private startOrder(timestamp: number): void {
    if (this.orders === 0) {
      this.base = timestamp;
    }
  }

  private endOrder(): void {
    this.orders++;
    if (this.orders === this.maxOrdersPerEntry) {
      this.closeEntry();
    }
  }

  /** Writes the open entry (header, dictionary, records) to the output and starts a new one. */
  private closeEntry(): void {
    if (this.orders === 0) {
      return;
    }
    const out = this.out;
    out.reserve(2 + 8 + 8 + this.dictionary.length + this.records.length);
    out.bytes[out.length++] = COMPACT_ENTRY_MAGIC;
    out.bytes[out.length++] = COMPACT_ENTRY_VERSION;
    out.varint(this.size);
    out.copy(this.dictionary.bytes, 0, this.dictionary.length);
    out.varint(zigzag(this.base));
    out.copy(this.records.bytes, 0, this.records.length);
    this.ends.push(out.length);
    this.counts.push(this.orders);
    this.orders = 0;
    this.records.length = 0;
    this.dictionary.length = 0;
    this.size = 0;
    this.valueStarts.length = 0;
    this.valueEnds.length = 0;
    for (const slot of this.used) {
      this.table[slot] = 0;
    }
    this.used.length = 0;
    this.strings.clear();
    if (this.interner !== undefined) {
      this.stamp = this.interner.newStamp();
    }
  }

  /**
   * Dictionary id of the value `bytes[start..end)` whose interner token is `token`: from the
   * token's slot when the open entry has it, else added (a value the interner had no room for
   * is looked up by its bytes).
   */
  private idOfToken(interner: OrderValueInterner, token: number, bytes: Uint8Array, start: number, end: number): number {
    if (token < 0) {
      return this.idOfBytes(bytes, start, end);
    }
    if (interner.slotStamps[token] === this.stamp) {
      return interner.slotIds[token];
    }
    const dictionary = this.dictionary;
    dictionary.reserve(8);
    dictionary.varint((end - start) * 2);
    dictionary.copy(bytes, start, end);
    // Placeholders: a token's value is never looked up by its bytes (see idOfString).
    this.valueStarts.push(dictionary.length);
    this.valueEnds.push(dictionary.length);
    interner.slotStamps[token] = this.stamp;
    interner.slotIds[token] = this.size;
    return this.size++;
  }

  /** Dictionary id of the ASCII value `bytes[start..end)`, added when new. */
  private idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    // Length and three bytes pick the slot: enough to tell vocabulary values apart, and far
    // cheaper than hashing every byte (the comparison below reads them all anyway).
    const length = end - start;
    const hash =
      length === 0
        ? 0
        : Math.imul(length, 0x9e3779b1) ^ Math.imul(bytes[start], 0x85ebca6b) ^ Math.imul(bytes[end - 1], 0xc2b2ae35) ^ Math.imul(bytes[start + (length >> 1)] + 1, 0x27d4eb2f);
    const dictionary = this.dictionary;
    let slot = (hash ^ (hash >>> 15)) & TABLE_MASK;
    for (let known = this.table[slot]; known !== 0; known = this.table[slot]) {
      const from = this.valueStarts[known - 1];
      if (this.valueEnds[known - 1] - from === end - start) {
        let same = true;
        for (let i = 0; i < end - start; i++) {
          if (dictionary.bytes[from + i] !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          return known - 1;
        }
      }
      slot = (slot + 1) & TABLE_MASK;
    }
    dictionary.reserve(8);
    dictionary.varint((end - start) * 2);
    this.valueStarts.push(dictionary.length);
    dictionary.copy(bytes, start, end);
    this.valueEnds.push(dictionary.length);
    this.table[slot] = this.size + 1;
    this.used.push(slot);
    return this.size++;
  }

  /** Dictionary id of a string value, added when new. */
  private idOfString(value: string): number {
    let id = this.strings.get(value);
    if (id === undefined) {
      id = this.size++;
      this.strings.set(value, id);
      const dictionary = this.dictionary;
      const start = this.writeString(dictionary, value);
      // Kept for `idOfBytes` only as placeholders: string values are looked up by `strings`.
      this.valueStarts.push(start);
      this.valueEnds.push(start);
    }
    return id;
  }

  /** Writes a string (length-prefixed, UTF-8 or UTF-16LE), returns where its bytes start. */
  private writeString(to: Bytes, value: string): number {
    if (SURROGATE.test(value)) {
      to.reserve(8 + value.length * 2);
      to.varint(value.length * 2 + 1);
      const start = to.length;
      for (let i = 0; i < value.length; i++) {
        const unit = value.charCodeAt(i);
        to.bytes[to.length++] = unit & 0xff;
        to.bytes[to.length++] = unit >>> 8;
      }
      return start;
    }
    to.reserve(8 + value.length * 3 + 8);
    const encoded = this.encoder.encodeInto(value, to.bytes.subarray(to.length + 8));
    // The length prefix goes first: write it, then move the bytes right behind it.
    const prefixAt = to.length;
    to.varint((encoded.written ?? 0) * 2);
    const start = to.length;
    to.bytes.copyWithin(start, prefixAt + 8, prefixAt + 8 + (encoded.written ?? 0));
    to.length = start + (encoded.written ?? 0);
    return start;
  }
}
