// Test support: order lines in the original format, each with a unique orderId.

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

/** The lines of a validation result, as strings (what the stream entries will hold). */
export function decodeLines(lines: { bytes: Uint8Array; ends: Int32Array }): string[] {
  let start = 0;
  return Array.from(lines.ends, (end) => {
    const text = Buffer.from(lines.bytes.subarray(start, end)).toString('utf8');
    start = end + 1;
    return text;
  });
}
