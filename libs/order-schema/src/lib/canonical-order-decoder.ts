import type { CoffeeOrder } from './coffee-order';
import { CanonicalOrderFields, HAS_TIMESTAMP, NOT_CANONICAL, scanCanonicalOrderBytes } from './scan-canonical-order-bytes';

/** Slots of the interning table (a power of two); at most half are filled. */
const SLOTS = 8192;
const MASK = SLOTS - 1;
/** Longest value interned: vocabulary is short; a long value is made fresh, so the table stays small. */
const MAX_INTERNED_LENGTH = 64;

/** Longest value made with `String.fromCharCode` (its arguments go on the stack). */
const SHORT_TEXT = 256;
// Created on first long value: importing the library must work where TextDecoder is missing (jsdom).
let utf8: InstanceType<typeof TextDecoder> | undefined;

/** The ASCII text `bytes[start..end)` as a new string. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_TEXT) {
    return String.fromCharCode(...bytes.subarray(start, end));
  }
  utf8 ??= new TextDecoder();
  return utf8.decode(bytes.subarray(start, end));
}

function sameText(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== bytes[start + i]) {
      return false;
    }
  }
  return true;
}

/**
 * Decodes order lines in {@link serializeOrder}'s canonical form straight from bytes into
 * {@link CoffeeOrder}s, for a reader of the orders stream (whose lines a collector wrote in that
 * form). Branches, coffee names, methods and grades repeat endlessly, so each distinct value is
 * made a string once and shared afterwards (an interning table of up to 4,096 values of at most
 * 64 characters; beyond that, values are still decoded, just not kept): a line costs its order object and cup array,
 * not a string per value as `JSON.parse` would.
 *
 * Gives exactly the order `parseOrderLine` gives for the same line (when the line is within the
 * length limit `parseOrderLine` applies: this decoder has none); `undefined` for a line that is
 * not canonical (decode that one the general way).
 *
 * @example
 * const decoder = new CanonicalOrderDecoder();
 * const order = decoder.decode(body, lineStart, lineEnd) ?? parseOrderLine(body.subarray(lineStart, lineEnd));
 */
export class CanonicalOrderDecoder {
  private readonly fields = new CanonicalOrderFields();
  private readonly table: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private interned = 0;

  decode(bytes: Uint8Array, start: number, end: number): CoffeeOrder | undefined {
    const fields = this.fields;
    const scan = scanCanonicalOrderBytes(bytes, start, end, fields);
    if (scan === NOT_CANONICAL) {
      return undefined;
    }
    const cups = new Array<string>(fields.cupCount);
    for (let i = 0; i < cups.length; i++) {
      cups[i] = this.text(bytes, fields.cups[2 * i], fields.cups[2 * i + 1]);
    }
    const order: CoffeeOrder = {
      branch: this.text(bytes, fields.branchStart, fields.branchEnd),
      orders: cups,
      paymentMethod: this.text(bytes, fields.paymentStart, fields.paymentEnd),
      customerAgeGrade: this.text(bytes, fields.ageStart, fields.ageEnd),
    };
    if (scan === HAS_TIMESTAMP) {
      order.timestamp = fields.timestamp;
    }
    if (fields.orderIdStart >= 0) {
      order.orderId = asciiText(bytes, fields.orderIdStart, fields.orderIdEnd);
    }
    return order;
  }

  /** The interned string for ASCII `bytes[start..end)`. */
  private text(bytes: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_INTERNED_LENGTH) {
      return asciiText(bytes, start, end);
    }
    // FNV-1a over the bytes picks the first slot; linear probing from there.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193);
    }
    let slot = hash & MASK;
    for (;;) {
      const known = this.table[slot];
      if (known === undefined) {
        break;
      }
      if (sameText(known, bytes, start, end)) {
        return known;
      }
      slot = (slot + 1) & MASK;
    }
    const text = asciiText(bytes, start, end);
    if (this.interned < SLOTS / 2) {
      this.table[slot] = text;
      this.interned++;
    }
    return text;
  }
}
