import { CanonicalOrderDecoder, CompactEntryDecoder, isCompactEntry, serializeOrder, type CoffeeOrder, type CompactOrderEntries, type OrderColumns } from '@coffee/order-schema';
import { RedisIoError } from './redis-io.error';
import type { DeadLetter, EncodedOrderLines, StreamEntry } from './stream.contracts';

/** Default cap of orders per stream entry. */
export const DEFAULT_MAX_ORDERS_PER_ENTRY = 500;

/** Field holding the number of orders of an entry. */
export const COUNT_FIELD = 'n';
/**
 * Field holding the entry's orders: order lines joined by `\n`, or a compact entry body (first
 * byte 0x00, which no JSON line starts with; then its version: see `CompactOrderWriter`).
 */
export const ORDERS_FIELD = 'o';

/**
 * Packs order lines into entry field values: `[n1, o1, n2, o2, …]`, at most `maxPerEntry` lines
 * per entry, order kept. Bodies are Buffers: ioredis then writes the command as one buffer, which
 * costs a fraction of the CPU of writing the same large strings (measured in the benchmark's runs).
 * Encoded lines are cut into entries without copying (each body is a view of `bytes`).
 *
 * @throws RedisIoError `INVALID_INPUT` for a line containing `\n` (it would split into two orders),
 *   or encoded lines whose `ends` do not fall on the `\n` separators.
 */
export function encodeOrderEntries(lines: readonly string[] | EncodedOrderLines | CompactOrderEntries, maxPerEntry: number): (string | Buffer)[] {
  if (Array.isArray(lines)) {
    return stringEntries(lines as readonly string[], maxPerEntry);
  }
  return isCompact(lines as EncodedOrderLines | CompactOrderEntries) ? compactEntries(lines as CompactOrderEntries, maxPerEntry) : encodedEntries(lines as EncodedOrderLines, maxPerEntry);
}

function isCompact(lines: EncodedOrderLines | CompactOrderEntries): lines is CompactOrderEntries {
  return 'format' in lines && lines.format === 'compact-v1';
}

/** Compact entries as they are (cut by their writer): each body a view of `bytes`, no copy. */
function compactEntries({ bytes, ends, counts }: CompactOrderEntries, maxPerEntry: number): (string | Buffer)[] {
  if (ends.length !== counts.length || (ends.length > 0 && ends[ends.length - 1] !== bytes.length)) {
    throw new RedisIoError('INVALID_INPUT', `compact entries: ${ends.length} ends and ${counts.length} counts over ${bytes.length} bytes do not match`);
  }
  const args: (string | Buffer)[] = [];
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i];
    if (counts[i] < 1 || counts[i] > maxPerEntry || end <= start || !isCompactEntry(bytes, start, end)) {
      throw new RedisIoError('INVALID_INPUT', `compact entry ${i}: ${counts[i]} orders (1..${maxPerEntry} allowed) in bytes ${start}..${end}`);
    }
    args.push(String(counts[i]), Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start));
    start = end;
  }
  return args;
}

function stringEntries(lines: readonly string[], maxPerEntry: number): (string | Buffer)[] {
  const args: (string | Buffer)[] = [];
  for (let start = 0; start < lines.length; start += maxPerEntry) {
    const chunk = lines.slice(start, start + maxPerEntry);
    for (let i = 0; i < chunk.length; i += 1) {
      if (chunk[i].includes('\n')) {
        throw newlineInside(start + i);
      }
    }
    args.push(String(chunk.length), Buffer.from(chunk.join('\n')));
  }
  return args;
}

function encodedEntries({ bytes, ends }: EncodedOrderLines, maxPerEntry: number): (string | Buffer)[] {
  const args: (string | Buffer)[] = [];
  const count = ends.length;
  if (count > 0 && ends[count - 1] !== bytes.length) {
    throw new RedisIoError('INVALID_INPUT', `encoded order lines end at byte ${ends[count - 1]}, but hold ${bytes.length} bytes`);
  }
  let lineStart = 0;
  let entryStart = 0;
  let entryFirst = 0;
  for (let i = 0; i < count; i++) {
    const end = ends[i];
    // The first newline from the line's start must be the separator right at its end (or none after the last line).
    const newline = bytes.indexOf(0x0a, lineStart);
    if (end < lineStart || (newline !== -1 && newline < end) || (i < count - 1 && newline !== end)) {
      throw newline !== -1 && newline < end ? newlineInside(i) : new RedisIoError('INVALID_INPUT', `encoded order line ${i} does not end at a \\n separator`);
    }
    lineStart = end + 1;
    if (i + 1 - entryFirst === maxPerEntry || i === count - 1) {
      args.push(String(i + 1 - entryFirst), Buffer.from(bytes.buffer, bytes.byteOffset + entryStart, end - entryStart));
      entryFirst = i + 1;
      entryStart = lineStart;
    }
  }
  return args;
}

function newlineInside(index: number): RedisIoError {
  return new RedisIoError('INVALID_INPUT', `order line ${index} contains a newline; lines must be compact JSON`);
}

function isOrder(value: unknown): value is CoffeeOrder {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const order = value as Partial<Record<keyof CoffeeOrder, unknown>>;
  return typeof order.branch === 'string' && Array.isArray(order.orders) && typeof order.paymentMethod === 'string' && typeof order.customerAgeGrade === 'string';
}

/** A decoded entry and the dead letters for its lines that did not parse. */
export interface DecodedEntry {
  entry: StreamEntry;
  rejected: DeadLetter[];
  /** `entry.orders.length`, known without decoding them (a compact entry read into columns decodes its orders on first use). */
  orderCount: number;
  /** True when the entry's orders, if any, were appended to the `columns` passed (a compact entry), false when they were not (lines). */
  inColumns: boolean;
}

/**
 * An entry's orders, with their raw lines made strings only when asked for (dead-lettering an
 * order that fails later is the only use): a line is a slice of the entry's body until then.
 * A compact entry read into columns decodes its orders as objects only when asked for too.
 */
class BodyEntry implements StreamEntry {
  private decoded: CoffeeOrder[] | undefined = [];
  /** Set while the orders of a compact body are still to be decoded (on first use of `orders`). */
  private compact: CompactEntryDecoder | undefined;
  /** Start and end in `body` of the line of each order. */
  private readonly ranges: number[] = [];
  private text: string[] | undefined;

  constructor(
    readonly id: string,
    private readonly body: Buffer,
  ) {}

  get orders(): CoffeeOrder[] {
    if (this.decoded === undefined) {
      // Decoded once already (into columns) with the same checks: it decodes.
      this.decoded = (this.compact as CompactEntryDecoder).decode(this.body);
      this.compact = undefined;
    }
    return this.decoded;
  }

  set orders(orders: CoffeeOrder[]) {
    this.decoded = orders;
    this.compact = undefined;
  }

  get lines(): string[] {
    if (this.text === undefined) {
      const ranges = this.ranges;
      // A compact entry's orders have no line of their own: their canonical line stands in.
      this.text = this.orders.map((order, i) => (i < ranges.length / 2 ? this.body.toString('utf8', ranges[2 * i], ranges[2 * i + 1]) : serializeOrder(order)));
    }
    return this.text;
  }

  add(order: CoffeeOrder, start: number, end: number): void {
    this.orders.push(order);
    this.ranges.push(start, end);
  }

  /** The orders are those of the compact body, decoded by `decoder` on first use. */
  decodeLater(decoder: CompactEntryDecoder): void {
    this.decoded = undefined;
    this.compact = decoder;
  }
}

const sharedDecoder = new CanonicalOrderDecoder();
const sharedCompactDecoder = new CompactEntryDecoder();

/**
 * Decodes one entry of the orders stream, from Buffers (as the source reads them) or strings.
 * Lines were validated by the collector, which writes them in canonical form: those are decoded
 * straight from the bytes (`CanonicalOrderDecoder`, no JSON.parse, shared strings); any other line
 * is parsed and shape-checked, and a line that fails becomes a dead letter, never an exception.
 * A compact entry (the collector's default form) is decoded by `CompactEntryDecoder`, no text at
 * all; one that does not decode becomes one `BAD_ENTRY` dead letter (raw: its bytes in base64).
 * With `columns`, a compact entry's orders are appended to them (`decodeColumns`: ids, no object
 * per order) and `entry.orders` decodes them as objects only if asked for.
 * Compact entries are binary: read them as Buffers (a reply decoded as UTF-8 text has lost them).
 * `fields === null` (entry deleted while pending) gives an entry with no orders.
 */
export function decodeOrderEntry(
  stream: string,
  id: string,
  fields: readonly (string | Buffer)[] | null,
  decoder: CanonicalOrderDecoder = sharedDecoder,
  compactDecoder: CompactEntryDecoder = sharedCompactDecoder,
  columns?: OrderColumns,
): DecodedEntry {
  const rejected: DeadLetter[] = [];
  let value: string | Buffer | undefined;
  for (let i = 0; fields !== null && i + 1 < fields.length; i += 2) {
    if (String(fields[i]) === ORDERS_FIELD) {
      value = fields[i + 1];
    }
  }
  const body = typeof value === 'string' ? Buffer.from(value) : value;
  const entry = new BodyEntry(id, body ?? Buffer.alloc(0));
  if (fields !== null && body === undefined) {
    rejected.push({ raw: fields.join(' '), code: 'BAD_ENTRY', message: `entry has no "${ORDERS_FIELD}" field`, source: stream, position: id });
  }
  if (body === undefined || body.length === 0) {
    return { entry, rejected, orderCount: 0, inColumns: true };
  }
  if (isCompactEntry(body)) {
    try {
      if (columns !== undefined) {
        const count = compactDecoder.decodeColumns(body, 0, body.length, columns);
        entry.decodeLater(compactDecoder);
        return { entry, rejected, orderCount: count, inColumns: true };
      }
      entry.orders = compactDecoder.decode(body);
    } catch (error) {
      rejected.push({ raw: body.toString('base64'), code: 'BAD_ENTRY', message: `compact entry does not decode (raw is its base64): ${(error as Error).message}`, source: stream, position: id });
    }
    return { entry, rejected, orderCount: entry.orders.length, inColumns: columns !== undefined };
  }
  for (let start = 0, index = 0; start <= body.length; index++) {
    let end = body.indexOf(0x0a, start);
    end = end === -1 ? body.length : end;
    const order = decoder.decode(body, start, end);
    if (order !== undefined) {
      entry.add(order, start, end);
    } else {
      const line = body.toString('utf8', start, end);
      const letter = parseLine(line, stream, `${id}#${index}`);
      if (isOrder(letter)) {
        entry.add(letter, start, end);
      } else {
        rejected.push(letter);
      }
    }
    start = end + 1;
  }
  return { entry, rejected, orderCount: entry.orders.length, inColumns: false };
}

/** A line the canonical decoder declined: the order it holds, or its dead letter. */
function parseLine(line: string, source: string, position: string): CoffeeOrder | DeadLetter {
  let order: unknown;
  try {
    order = JSON.parse(line);
  } catch (error) {
    return { raw: line, code: 'INVALID_JSON', message: (error as Error).message, source, position };
  }
  return isOrder(order) ? order : { raw: line, code: 'INVALID_ORDER', message: 'not an order object', source, position };
}
