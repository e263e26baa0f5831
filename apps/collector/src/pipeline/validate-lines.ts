import { parseOrderLine, serializeOrder, type CoffeeOrder } from '@coffee/order-schema';

/** Raw text kept for a rejected line, bytes (the dead-letter writer keeps 4 KiB at most). */
const RAW_KEEP_BYTES = 4096;

/** Lines to validate: their bytes back to back, and where each one ends. Transferable to a worker. */
export interface LineBatchRequest {
  /** Concatenated line bytes (no `\n`). */
  bytes: Uint8Array;
  /** End of line i in `bytes` (exclusive); line i starts where line i-1 ends. */
  ends: Int32Array;
  /** Receive time stamped on orders without one, epoch ms. */
  receivedAt: number;
  maxLineBytes: number;
}

/** A rejected line of a {@link LineBatchRequest}. */
export interface LineRejection {
  /** Index of the line in the request. */
  index: number;
  code: string;
  message: string;
  /** The line's text (invalid UTF-8 replaced), at most its first 4 KiB. */
  raw: string;
}

/** Validated lines, in order, and the rejected ones. */
export interface LineBatchResult {
  lines: string[];
  rejected: LineRejection[];
}

/** An accepted order as a stream line: stamped with the receive time when it has no time, compact. */
export function toStreamLine(order: CoffeeOrder, receivedAt: number): string {
  order.timestamp ??= receivedAt;
  return serializeOrder(order);
}

/** Validates and stamps a batch of lines (pure CPU work, run inline or in a worker thread). */
export function validateLines(request: LineBatchRequest): LineBatchResult {
  const { bytes, ends, receivedAt, maxLineBytes } = request;
  const lines: string[] = [];
  const rejected: LineRejection[] = [];
  let start = 0;
  for (let index = 0; index < ends.length; index++) {
    const line = bytes.subarray(start, ends[index]);
    const parsed = parseOrderLine(line, { maxLineBytes });
    if (parsed.ok) {
      lines.push(toStreamLine(parsed.order, receivedAt));
    } else {
      const raw = Buffer.from(line.buffer, line.byteOffset, Math.min(line.byteLength, RAW_KEEP_BYTES)).toString('utf8');
      rejected.push({ index, code: parsed.error.code, message: parsed.error.message, raw });
    }
    start = ends[index];
  }
  return { lines, rejected };
}
