import type { CoffeeOrder, CompactOrderEntries, OrderColumns } from '@coffee/order-schema';

/**
 * Where a tailed source stands: every line before `offset` of file `fileId` is in the orders stream
 * (or the dead-letter stream), none after it.
 */
export interface SourcePosition {
  /** Stable id of the source, e.g. the configured path of the tailed file. */
  sourceId: string;
  /** Identity of the file currently read, e.g. `"<dev>:<ino>"`; changes when the file is rotated. */
  fileId: string;
  /** Byte offset just after the last committed line (a non-negative safe integer). */
  offset: number;
}

/** Rejected input, written to the dead-letter stream with these field names. */
export interface DeadLetter {
  /** The raw input (line, element or body). The writer truncates it to 4 KiB (UTF-8 safe) and adds `rawBytes`, its full size. */
  raw: string;
  /** Stable error code, e.g. `INVALID_JSON`, `MISSING_FIELD`. */
  code: string;
  /** Human-readable reason. */
  message: string;
  /** Where it came from, e.g. a file path, `http`, the legacy list key, the orders stream key. */
  source: string;
  /** Position inside the source, e.g. `"<fileId>@<offset>"`, `"<entryId>#<line>"`. */
  position: string;
  /**
   * Full size of the input in bytes, when the producer already cut `raw` (a line over the length
   * limit of which only the head was kept). Default: the size of `raw`.
   */
  rawBytes?: number;
}

/**
 * Order lines already encoded as UTF-8, the form a collector's validation worker hands over without
 * building a string per line: `bytes` holds the lines joined by `\n` (none after the last), and
 * `ends[i]` is the index in `bytes` where line i ends (exclusive).
 */
export interface EncodedOrderLines {
  bytes: Uint8Array;
  ends: Int32Array;
}

/** A batch for {@link OrderStreamSink.append}. */
export interface AppendBatch {
  /**
   * Validated orders: compact order lines (`serializeOrder` output), as strings or already encoded
   * (no `\n` inside a line), stored in order, up to `maxOrdersPerEntry` lines per stream entry; or
   * compact entries (`CompactOrderWriter` output), stored one stream entry each, as cut by their
   * writer (each of at most `maxOrdersPerEntry` orders).
   */
  lines: readonly string[] | EncodedOrderLines | CompactOrderEntries;
  /** Rejected input to store in the same atomic step. */
  deadLetters?: readonly DeadLetter[];
  /**
   * Compare-and-set of the source's committed position in the same atomic step: written only if
   * the stored position equals `expected` (`null`: none stored yet). `next.sourceId` names the source.
   */
  checkpoint?: { expected: SourcePosition | null; next: SourcePosition };
  /**
   * Idempotent request (instead of a checkpoint): written only if `key` does not exist, and `key`
   * is set to `receipt` (expiring after `ttlSeconds`) in the same atomic step. When it exists,
   * nothing is written and the result carries the stored receipt.
   */
  once?: { key: string; receipt: string; ttlSeconds: number };
}

/** What {@link OrderStreamSink.append} did. */
export interface AppendResult {
  /** Ids of the new order entries, in order (empty when `lines` was empty or `alreadyCommitted`). */
  entryIds: string[];
  /**
   * True when the stored position already equalled `checkpoint.next`: this batch was committed
   * before (typically a command resent after a reconnect), so nothing was written again.
   */
  alreadyCommitted: boolean;
  /** With `once`, when `alreadyCommitted`: the receipt stored by the first request. */
  receipt?: string;
  /** Older dead letters the dead-letter stream's length cap removed to make room for this append's (absent: none). */
  deadLettersEvicted?: number;
}

/** One orders-stream entry as handed to a processor. */
export interface StreamEntry {
  /** Stream entry id; acknowledge it (through the stats store's atomic step) once applied. */
  id: string;
  /** The entry's orders, parsed. Lines that did not parse are dead-lettered by the source and left out. */
  orders: CoffeeOrder[];
  /** The raw lines of `orders`, index-aligned with them. */
  lines: string[];
}

/** What {@link OrderStreamSource.next} hands out. */
export interface StreamBatch {
  /** Entries in stream order. An entry may have no orders (all lines rejected, or deleted meanwhile): ack it anyway. */
  entries: StreamEntry[];
  /** Sum of `entries[i].orders.length`. */
  orderCount: number;
  /** `pending`: own unacknowledged entries re-read after a (re)start or reconnect; `claimed`: taken over from an idle consumer; `new`: first delivery. */
  source: 'pending' | 'claimed' | 'new';
  /** Lines of these entries that did not parse; already written to the dead-letter stream. */
  rejectedCount: number;
  /**
   * Every order of `entries`, in order, as columns of ids (countable without an object per order),
   * when every entry was compact (or empty); absent when any held lines. The entries' `orders` are
   * then decoded as objects only when first read.
   */
  columns?: OrderColumns;
}

/** What a {@link LegacyListSource} handler returns for the raw elements it was given. */
export interface LegacyHandOff {
  /** Valid compact order lines to append to the orders stream (no `\n` inside a line). */
  lines: readonly string[];
  /** Elements that were rejected. */
  deadLetters?: readonly DeadLetter[];
}
