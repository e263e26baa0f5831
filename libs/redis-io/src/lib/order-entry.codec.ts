import type { CoffeeOrder } from '@coffee/order-schema';
import { RedisIoError } from './redis-io.error';
import type { DeadLetter, EncodedOrderLines, StreamEntry } from './stream.contracts';

/** Default cap of orders per stream entry. */
export const DEFAULT_MAX_ORDERS_PER_ENTRY = 500;

/** Field holding the number of orders of an entry. */
export const COUNT_FIELD = 'n';
/** Field holding the entry's order lines joined by `\n`. */
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
export function encodeOrderEntries(lines: readonly string[] | EncodedOrderLines, maxPerEntry: number): (string | Buffer)[] {
  return isEncoded(lines) ? encodedEntries(lines, maxPerEntry) : stringEntries(lines, maxPerEntry);
}

function isEncoded(lines: readonly string[] | EncodedOrderLines): lines is EncodedOrderLines {
  return !Array.isArray(lines);
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
}

/**
 * Decodes one entry of the orders stream. Lines were validated by the collector, so they are only
 * parsed and shape-checked (cheaply); a line that fails becomes a dead letter, never an exception.
 * `fields === null` (entry deleted while pending) gives an entry with no orders.
 */
export function decodeOrderEntry(stream: string, id: string, fields: readonly string[] | null): DecodedEntry {
  const entry: StreamEntry = { id, orders: [], lines: [] };
  const rejected: DeadLetter[] = [];
  if (fields === null) {
    return { entry, rejected };
  }
  let body: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === ORDERS_FIELD) {
      body = fields[i + 1];
    }
  }
  if (body === undefined) {
    rejected.push({ raw: fields.join(' '), code: 'BAD_ENTRY', message: `entry has no "${ORDERS_FIELD}" field`, source: stream, position: id });
    return { entry, rejected };
  }
  const lines = body === '' ? [] : body.split('\n');
  // Fast path: one JSON.parse for the whole entry; per line only when something is wrong.
  let parsed: unknown;
  try {
    parsed = JSON.parse(`[${body.replaceAll('\n', ',')}]`);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === lines.length && parsed.every(isOrder)) {
    entry.orders = parsed;
    entry.lines = lines;
    return { entry, rejected };
  }
  lines.forEach((line, index) => {
    let order: unknown;
    try {
      order = JSON.parse(line);
    } catch (error) {
      rejected.push({ raw: line, code: 'INVALID_JSON', message: (error as Error).message, source: stream, position: `${id}#${index}` });
      return;
    }
    if (isOrder(order)) {
      entry.orders.push(order);
      entry.lines.push(line);
    } else {
      rejected.push({ raw: line, code: 'INVALID_ORDER', message: 'not an order object', source: stream, position: `${id}#${index}` });
    }
  });
  return { entry, rejected };
}
