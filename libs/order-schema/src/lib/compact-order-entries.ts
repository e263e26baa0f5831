import type { CoffeeOrder } from './coffee-order';

/**
 * Compact order entries, version 1: a binary form of a run of validated, timed orders, about a
 * tenth of their JSON lines' size, that a reader turns back into {@link CoffeeOrder}s without
 * parsing text. One entry body:
 *
 * ```
 * 0x00 0x01                 magic (never the first byte of a JSON line), version
 * varint D                  dictionary size, then D strings: varint (len << 1 | utf16), len UTF-8 bytes
 *                           (utf16 = 0) or len UTF-16LE code units (utf16 = 1: a string with a surrogate)
 * zigzag varint base        time of the entry's first order, epoch ms
 * records, to the end:      varint (cups << 1 | hasOrderId), varint branch, varint paymentMethod,
 *                           varint customerAgeGrade (dictionary ids), zigzag varint (time - base),
 *                           cups × varint coffee id, then the orderId as a string (as above) when present
 * ```
 * Varints are unsigned LEB128 of at most 8 bytes; every value fits a safe integer.
 */
export const COMPACT_ENTRY_VERSION = 1;
/** First byte of a compact entry body. */
export const COMPACT_ENTRY_MAGIC = 0x00;

/** Default most orders per compact entry (the orders stream's `DEFAULT_MAX_ORDERS_PER_ENTRY`). */
export const DEFAULT_COMPACT_ORDERS_PER_ENTRY = 500;
/** Most distinct strings in one entry's dictionary: an entry that would need more is closed early. */
export const MAX_COMPACT_DICTIONARY = 1024;

/**
 * Compact entries back to back, ready to be written as orders-stream entries. Transferable (plain
 * typed arrays): a collector's validation worker hands it to the main thread without copying.
 */
export interface CompactOrderEntries {
  format: 'compact-v1';
  /** Entry bodies back to back. */
  bytes: Uint8Array;
  /** Entry i is `bytes[ends[i - 1] ?? 0 .. ends[i])`. */
  ends: Int32Array;
  /** Orders in entry i. */
  counts: Int32Array;
}

/** A timed order, as compact entries hold them. */
export type TimedCoffeeOrder = CoffeeOrder & { timestamp: number };

/** A compact entry body that does not decode (cut short, corrupted, or of an unknown version). */
export class CompactEntryError extends Error {
  override readonly name = 'CompactEntryError';
}

/** True when `bytes[start..end)` is a compact entry body (of any version): its first byte is {@link COMPACT_ENTRY_MAGIC}. */
export function isCompactEntry(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  return end > start && bytes[start] === COMPACT_ENTRY_MAGIC;
}
