// Test support: order lines in the original format, each with a unique orderId.
import { CompactEntryDecoder, serializeOrder, type CompactOrderEntries } from '@coffee/order-schema';

/** A valid original-format order line (no newline) with orderId `prefix-i`. */
export function orderLine(i: number, prefix = 'o'): string {
  const branches = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
  return JSON.stringify({ branch: branches[i % 4], orders: ['Americano', 'Espresso'].slice(0, 1 + (i % 2)), paymentMethod: 'Cash', customerAgeGrade: '2030', orderId: `${prefix}-${i}` });
}

/** `count` lines, `\n`-terminated, ids `prefix-from` … */
export function orderLines(from: number, count: number, prefix = 'o'): string {
  let text = '';
  for (let i = from; i < from + count; i++) {
    text += `${orderLine(i, prefix)}\n`;
  }
  return text;
}

/** The ids `prefix-from` … `prefix-(from+count-1)`. */
export function ids(from: number, count: number, prefix = 'o'): string[] {
  return Array.from({ length: count }, (_, k) => `${prefix}-${from + k}`);
}

/**
 * The lines of a validation result, as strings: JSON lines as they are (what the stream entries will
 * hold), compact entries' orders as their canonical lines (what the JSON form holds for them).
 */
export function decodeLines(lines: { bytes: Uint8Array; ends: Int32Array } | CompactOrderEntries): string[] {
  if ('format' in lines) {
    const decoder = new CompactEntryDecoder();
    let from = 0;
    return Array.from(lines.ends).flatMap((end) => {
      const orders = decoder.decode(lines.bytes, from, end);
      from = end;
      return orders.map(serializeOrder);
    });
  }
  let start = 0;
  return Array.from(lines.ends, (end) => {
    const text = Buffer.from(lines.bytes.subarray(start, end)).toString('utf8');
    start = end + 1;
    return text;
  });
}
