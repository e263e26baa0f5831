import { COMPACT_ENTRY_MAGIC, COMPACT_ENTRY_VERSION, CompactEntryError, type TimedCoffeeOrder } from './compact-order-entries';
import type { OrderColumns } from './order-columns';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from './order-timestamp';

// The reader of the compact entry format described in ./compact-order-entries.

/** Most interned strings kept by a {@link CompactEntryDecoder}; longer values than this are not kept either. */
const MAX_INTERNED = 4096;
const MAX_INTERNED_LENGTH = 64;

/**
 * Decodes compact entry bodies back into orders. Dictionary strings are interned across entries
 * (up to 4,096 values of at most 64 characters), so every order of a branch shares one string.
 *
 * {@link decodeColumns} reads the same entries into {@link OrderColumns} instead: ids, no object per order.
 *
 * @example
 * const orders = new CompactEntryDecoder().decode(body); // TimedCoffeeOrder[]
 */
export class CompactEntryDecoder {
  private readonly interned = new Map<string, string>();
  private utf8: InstanceType<typeof TextDecoder> | undefined;
  /** Short ASCII dictionary strings by a hash of their bytes (see {@link dictionaryString}). */
  private readonly byBytes = new Map<number, string>();
  /** Dictionary id → column id, reused from entry to entry. */
  private scratch = new Int32Array(64);

  /**
   * The orders of the compact entry `bytes[start..end)`, in the order written.
   * @throws CompactEntryError when the body is not a well-formed version-1 entry (nothing is returned then)
   */
  decode(bytes: Uint8Array, start = 0, end = bytes.length): TimedCoffeeOrder[] {
    const { reader, dictionary, base } = this.open(bytes, start, end);
    const size = dictionary.length;
    const orders: TimedCoffeeOrder[] = [];
    const lookup = (id: number): string => {
      if (id >= size) {
        throw outOfRange(id, size, reader, start);
      }
      return dictionary[id];
    };
    while (reader.at < end) {
      const head = reader.varint();
      const cupCount = cupsOf(head, reader, start, end);
      const branch = lookup(reader.varint());
      const paymentMethod = lookup(reader.varint());
      const customerAgeGrade = lookup(reader.varint());
      const timestamp = timeOf(base, reader, start);
      const cups = new Array<string>(cupCount);
      for (let i = 0; i < cupCount; i++) {
        cups[i] = lookup(reader.varint());
      }
      const order: TimedCoffeeOrder = { branch, orders: cups, paymentMethod, customerAgeGrade, timestamp };
      if (head % 2 === 1) {
        order.orderId = this.string(reader);
      }
      orders.push(order);
    }
    return orders;
  }

  /**
   * Appends the orders of the compact entry `bytes[start..end)` to `into`, as ids into its string
   * table, with exactly the checks of {@link decode}: no object per order, no string per order
   * (order ids are skipped: nothing counts them). Returns how many orders it appended.
   * @throws CompactEntryError as {@link decode}; `into` is then left as it was (its string table aside)
   */
  decodeColumns(bytes: Uint8Array, start: number, end: number, into: OrderColumns): number {
    const { reader, dictionary, base } = this.open(bytes, start, end);
    const size = dictionary.length;
    // Entry id → the columns' id of the same string.
    const ids = size <= this.scratch.length ? this.scratch : (this.scratch = new Int32Array(size));
    for (let i = 0; i < size; i++) {
      ids[i] = into.idOf(dictionary[i]);
    }
    const first = into.length;
    try {
      while (reader.at < end) {
        const head = reader.varint();
        const cupCount = cupsOf(head, reader, start, end);
        into.reserve(1, cupCount);
        const at = into.length;
        into.branch[at] = idIn(ids, size, reader.varint(), reader, start);
        into.paymentMethod[at] = idIn(ids, size, reader.varint(), reader, start);
        into.customerAgeGrade[at] = idIn(ids, size, reader.varint(), reader, start);
        into.timestamp[at] = timeOf(base, reader, start);
        const cups = into.cups;
        let cup = into.cupCount;
        for (let i = 0; i < cupCount; i++) {
          cups[cup++] = idIn(ids, size, reader.varint(), reader, start);
        }
        if (head % 2 === 1) {
          this.skipString(reader);
        }
        into.cupEnds[at] = cup;
        into.cupCount = cup;
        into.length = at + 1;
      }
    } catch (error) {
      into.truncate(first);
      throw error;
    }
    return into.length - first;
  }

  /** Reads an entry's header and dictionary (its strings interned). */
  private open(bytes: Uint8Array, start: number, end: number): { reader: Reader; dictionary: string[]; base: number } {
    const reader = new Reader(bytes, start, end);
    if (reader.byte() !== COMPACT_ENTRY_MAGIC) {
      throw new CompactEntryError('not a compact entry (first byte is not 0x00)');
    }
    const version = reader.byte();
    if (version !== COMPACT_ENTRY_VERSION) {
      throw new CompactEntryError(`compact entry version ${version} is not supported (this reader knows version ${COMPACT_ENTRY_VERSION})`);
    }
    const size = reader.varint();
    if (size > end - reader.at) {
      throw new CompactEntryError(`dictionary of ${size} values in ${end - reader.at} bytes`);
    }
    const dictionary = new Array<string>(size);
    for (let i = 0; i < size; i++) {
      dictionary[i] = this.dictionaryString(reader);
    }
    return { reader, dictionary, base: unzigzag(reader.varint()) };
  }

  /**
   * A dictionary string, interned. Dictionaries repeat from entry to entry: a short ASCII string met
   * before is found by a hash of its bytes (and compared with them), without making a string again.
   */
  private dictionaryString(reader: Reader): string {
    const at = reader.at;
    const prefix = reader.varint();
    const length = Math.floor(prefix / 2);
    const from = reader.at;
    let hash = 0;
    let ascii = prefix % 2 === 0 && length <= MAX_INTERNED_LENGTH && length <= reader.end - from;
    if (ascii) {
      const data = reader.bytes;
      hash = length;
      for (let i = from; ascii && i < from + length; i++) {
        const c = data[i];
        ascii = c < 0x80;
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      const known = ascii ? this.byBytes.get(hash) : undefined;
      if (known !== undefined && sameAscii(known, data, from, length)) {
        reader.at = from + length;
        return known;
      }
    }
    reader.at = at;
    const text = this.intern(this.string(reader));
    if (ascii && this.byBytes.size < MAX_INTERNED && !this.byBytes.has(hash)) {
      this.byBytes.set(hash, text);
    }
    return text;
  }

  /** Steps over a string with the checks of {@link string}, without making it. */
  private skipString(reader: Reader): void {
    const prefix = reader.varint();
    const length = Math.floor(prefix / 2);
    const bytes = prefix % 2 === 1 ? length * 2 : length;
    if (bytes > reader.end - reader.at) {
      throw new CompactEntryError(`string of ${bytes} bytes runs past the entry's end at byte ${reader.at}`);
    }
    reader.at += bytes;
  }

  private string(reader: Reader): string {
    const prefix = reader.varint();
    const length = Math.floor(prefix / 2);
    const utf16 = prefix % 2 === 1;
    const bytes = utf16 ? length * 2 : length;
    if (bytes > reader.end - reader.at) {
      throw new CompactEntryError(`string of ${bytes} bytes runs past the entry's end at byte ${reader.at}`);
    }
    const from = reader.at;
    reader.at += bytes;
    const data = reader.bytes;
    if (utf16) {
      let text = '';
      for (let i = 0; i < length; i++) {
        text += String.fromCharCode(data[from + 2 * i] | (data[from + 2 * i + 1] << 8));
      }
      return text;
    }
    let ascii = length <= 256;
    for (let i = from; ascii && i < from + length; i++) {
      ascii = data[i] < 0x80;
    }
    if (ascii) {
      return String.fromCharCode(...data.subarray(from, from + length));
    }
    this.utf8 ??= new TextDecoder();
    return this.utf8.decode(data.subarray(from, from + length));
  }

  private intern(value: string): string {
    if (value.length > MAX_INTERNED_LENGTH) {
      return value;
    }
    const known = this.interned.get(value);
    if (known !== undefined) {
      return known;
    }
    if (this.interned.size < MAX_INTERNED) {
      this.interned.set(value, value);
    }
    return value;
  }
}

/** Whether `text` is the ASCII string of `data[from..from + length)`. */
function sameAscii(text: string, data: Uint8Array, from: number, length: number): boolean {
  if (text.length !== length) {
    return false;
  }
  for (let i = 0; i < length; i++) {
    if (text.charCodeAt(i) !== data[from + i]) {
      return false;
    }
  }
  return true;
}

/** The cup count of a record's head, checked. */
function cupsOf(head: number, reader: Reader, start: number, end: number): number {
  const cupCount = Math.floor(head / 2);
  if (cupCount === 0 || cupCount > end - reader.at) {
    throw new CompactEntryError(`record of ${cupCount} cups at byte ${reader.at - start}`);
  }
  return cupCount;
}

/** A record's time (the entry's base plus its zigzag offset), checked. */
function timeOf(base: number, reader: Reader, start: number): number {
  const timestamp = base + unzigzag(reader.varint());
  if (!(timestamp >= MIN_TIMESTAMP_MS && timestamp <= MAX_TIMESTAMP_MS)) {
    throw new CompactEntryError(`order time ${timestamp} out of range at byte ${reader.at - start}`);
  }
  return timestamp;
}

/** The columns' id of entry dictionary id `id`, checked. */
function idIn(ids: Int32Array, size: number, id: number, reader: Reader, start: number): number {
  if (id >= size) {
    throw outOfRange(id, size, reader, start);
  }
  return ids[id];
}

function outOfRange(id: number, size: number, reader: Reader, start: number): CompactEntryError {
  return new CompactEntryError(`dictionary id ${id} out of range (${size} values) at byte ${reader.at - start}`);
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Reads bytes and varints of one entry, refusing to read past its end. */
class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}

  byte(): number {
    if (this.at >= this.end) {
      throw new CompactEntryError(`entry ends early at byte ${this.at}`);
    }
    return this.bytes[this.at++];
  }

  varint(): number {
    // Most numbers (ids, cup counts, time steps under 64 ms) are one byte.
    const at = this.at;
    if (at < this.end) {
      const b = this.bytes[at];
      if (b < 0x80) {
        this.at = at + 1;
        return b;
      }
    }
    return this.longVarint();
  }

  private longVarint(): number {
    const bytes = this.bytes;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.at >= this.end) {
        throw new CompactEntryError(`entry ends early inside a number at byte ${this.at}`);
      }
      const b = bytes[this.at++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) {
          throw new CompactEntryError(`number beyond 2^53 at byte ${this.at}`);
        }
        return value;
      }
      scale *= 0x80;
    }
    throw new CompactEntryError(`number longer than 8 bytes at byte ${this.at}`);
  }
}
