import {
  CanonicalOrderFields,
  CompactOrderWriter,
  type CompactOrderEntries,
  checkOrderTime,
  HAS_TIMESTAMP,
  NOT_CANONICAL,
  parseOrderLine,
  scanCanonicalOrderBytes,
  serializeOrder,
  type CoffeeOrder,
  type ParseOrderLineOptions,
} from '@coffee/order-schema';
import type { EncodedOrderLines } from '@coffee/redis-io';
import type { CollectorConfig } from '../config/collector.config';
import { unfilledBytes } from './unfilled-bytes';

/** Raw text kept for a rejected line, bytes (the dead-letter writer keeps 4 KiB at most). */
const RAW_KEEP_BYTES = 4096;
const NEWLINE = 0x0a;

/**
 * The order rules every input (file, HTTP, legacy list) is validated with, from the settings
 * `MAX_FUTURE_SKEW_SECONDS`, `DEFAULT_BRANCH` and `BRANCH_ALLOWLIST`. Plain data: it crosses to worker threads.
 */
export interface OrderRuleSettings {
  /** How far after the receive time an order's own time may lie, ms (default 5 minutes). */
  maxFutureSkewMs?: number;
  /** Branch for a line without one. */
  defaultBranch?: string;
  /** The only branches accepted, when non-empty. */
  branchAllowlist?: readonly string[];
}

/** The order rules of a collector configuration. */
export function orderRulesOf(config: Pick<CollectorConfig, 'maxFutureSkewMs' | 'defaultBranch' | 'branchAllowlist'>): OrderRuleSettings {
  const rules: OrderRuleSettings = {};
  if (config.maxFutureSkewMs !== undefined) {
    rules.maxFutureSkewMs = config.maxFutureSkewMs;
  }
  if (config.defaultBranch !== undefined) {
    rules.defaultBranch = config.defaultBranch;
  }
  if (config.branchAllowlist !== undefined && config.branchAllowlist.length > 0) {
    rules.branchAllowlist = config.branchAllowlist;
  }
  return rules;
}

/** `parseOrderLine` options for lines received at `receivedAt` under `rules`. */
export function parseOptionsOf(maxLineBytes: number, receivedAt: number, rules: OrderRuleSettings): ParseOrderLineOptions {
  const options: ParseOrderLineOptions = { maxLineBytes, now: receivedAt };
  if (rules.maxFutureSkewMs !== undefined) {
    options.maxFutureSkewMs = rules.maxFutureSkewMs;
  }
  if (rules.defaultBranch !== undefined) {
    options.defaultBranch = rules.defaultBranch;
  }
  if (rules.branchAllowlist !== undefined && rules.branchAllowlist.length > 0) {
    options.branchAllowlist = new Set(rules.branchAllowlist);
  }
  return options;
}

/**
 * Where the fast path's scan puts a canonical line's values, with their tokens from an interner
 * that lives as long as the thread (one per thread: validation is synchronous).
 */
const fields = new CanonicalOrderFields();

/**
 * The canonical scan of line `bytes[start..end)` (see `scanCanonicalOrderBytes`), or `NOT_CANONICAL` when
 * the line is too long for the fast path or a canonical line breaks a rule (time, branch allowlist): such
 * lines take the general parse, which names the reason. Fills the module's `fields`.
 */
function scanLine(bytes: Uint8Array, start: number, end: number, options: ParseOrderLineOptions, receivedAt: number): number {
  if (end - start > (options.maxLineBytes ?? 0)) {
    return NOT_CANONICAL;
  }
  const scan = scanCanonicalOrderBytes(bytes, start, end, fields);
  return scan !== NOT_CANONICAL && breaksRules(bytes, scan, options, receivedAt) ? NOT_CANONICAL : scan;
}

/** The rejection of line `index` (`bytes[start..end)`), its raw text cut to `RAW_KEEP_BYTES`. */
function rejection(bytes: Uint8Array, start: number, end: number, index: number, error: { code: LineRejection['code']; message: string }): LineRejection {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, RAW_KEEP_BYTES)).toString('utf8');
  return { index, code: error.code, message: error.message, raw, rawBytes: end - start };
}

/**
 * True when a canonical line (just scanned into `fields`) breaks a rule the scan does not check:
 * its time too far ahead of the receive time, or a branch off the allow-list. Such a line takes the
 * general path, so `parseOrderLine` words the rejection the same way for every input.
 */
function breaksRules(bytes: Uint8Array, scan: number, options: ParseOrderLineOptions, receivedAt: number): boolean {
  if (scan === HAS_TIMESTAMP && checkOrderTime(fields.timestamp, receivedAt, options.maxFutureSkewMs) !== undefined) {
    return true;
  }
  const allow = options.branchAllowlist;
  return allow !== undefined && !allow.has(Buffer.from(bytes.buffer, bytes.byteOffset + fields.branchStart, fields.branchEnd - fields.branchStart).toString('latin1'));
}

/** Lines to validate: a buffer holding them, and where each one starts and ends. Transferable to a worker. */
export interface LineBatchRequest extends OrderRuleSettings {
  /** Line bytes; what lies between lines (line ends, blank lines) is never read. */
  bytes: Uint8Array;
  /** Line i is `bytes[starts[i]..ends[i])`, without its `\n` (and `\r`); `ends.length` lines. */
  starts: Int32Array;
  ends: Int32Array;
  /** Receive time stamped on orders without one, epoch ms. */
  receivedAt: number;
  maxLineBytes: number;
  /**
   * Form of the accepted orders: `compact` (default) writes compact entries (`CompactOrderWriter`,
   * at most `maxOrdersPerEntry` orders each), `json` canonical JSON lines (`serializeOrder`'s form).
   */
  entryFormat?: EntryFormat;
  /** Most orders per compact entry. Default 500 (the sink's `maxOrdersPerEntry` default). */
  maxOrdersPerEntry?: number;
}

/** How accepted orders go into the orders stream: compact binary entries, or JSON lines (for processors older than compact entries). */
export type EntryFormat = 'compact' | 'json';

/** A rejected line of a {@link LineBatchRequest}. */
export interface LineRejection {
  /** Index of the line in the request. */
  index: number;
  code: string;
  message: string;
  /** The line's text (invalid UTF-8 replaced), at most its first 4 KiB. */
  raw: string;
  /** The line's full size in bytes (`raw` may be cut). */
  rawBytes: number;
}

/** Validated lines, in order, ready for `OrderStreamSink.append` (transferable), and the rejected ones. */
export interface LineBatchResult {
  lines: EncodedOrderLines | CompactOrderEntries;
  /** Orders accepted (in `lines`). */
  accepted: number;
  rejected: LineRejection[];
}

/** An accepted order as a stream line: stamped with the receive time when it has no time, compact. */
export function toStreamLine(order: CoffeeOrder, receivedAt: number): string {
  order.timestamp ??= receivedAt;
  return serializeOrder(order);
}

/** Output bytes of a batch: grows by doubling (a re-serialized line can outgrow its input). */
class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  /** Writes into `spare` when it is large enough: memory already in use, where fresh pages fault on first touch. */
  constructor(capacity: number, spare?: ArrayBuffer) {
    this.bytes = spare !== undefined && spare.byteLength >= capacity ? new Uint8Array(spare) : unfilledBytes(Math.max(capacity, 64));
  }

  reserve(more: number): void {
    if (this.length + more > this.bytes.length) {
      const grown = unfilledBytes(Math.max(this.bytes.length * 2, this.length + more));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
  }

  /** Appends `from[start..end)`; the caller reserved room. (`set` beats a byte loop ~10× even with the view it costs.) */
  copy(from: Uint8Array, start: number, end: number): void {
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** Appends a string as UTF-8. */
  text(value: string): void {
    this.reserve(value.length * 3);
    this.length += Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.length, this.bytes.length - this.length).write(value, 'utf8');
  }
}

/**
 * Validates and stamps a batch of lines (pure CPU work, run inline or in a worker thread) into
 * the encoded form the sink writes: compact entries (default) or canonical JSON lines
 * (`entryFormat: 'json'`).
 *
 * A line already in `serializeOrder`'s form (what the generator and most producers write) is
 * recognised by a byte scan, and its values go from its bytes into the output (copied as a line,
 * with the receive time inserted when it has no time of its own, or as dictionary ids of a compact
 * entry): no decoding, no string, no object per line. Every other line goes through
 * `parseOrderLine` (which reports what is wrong) and, when valid, is re-encoded from its order.
 * Either way a reader gets back exactly the order `parseOrderLine` gives, stamped.
 *
 * @param spare a buffer of an earlier result that is no longer used, to write the output into
 */
export function validateLines(request: LineBatchRequest, spare?: ArrayBuffer): LineBatchResult {
  return request.entryFormat === 'json' ? validateToLines(request, spare) : validateToCompact(request, spare);
}

/** {@link validateLines} into compact entries: a canonical line's values go from its bytes to the entry, no string made. */
function validateToCompact(request: LineBatchRequest, spare?: ArrayBuffer): LineBatchResult {
  const { bytes, starts, ends, receivedAt, maxLineBytes } = request;
  const options = parseOptionsOf(maxLineBytes, receivedAt, request);
  // Compact entries take about a tenth of the lines' bytes; the writer grows when needed.
  const writer = new CompactOrderWriter(request.maxOrdersPerEntry, spare, Math.max(1024, bytes.length >> 2));
  const rejected: LineRejection[] = [];
  for (let index = 0; index < ends.length; index++) {
    const start = starts[index];
    const end = ends[index];
    const scan = scanLine(bytes, start, end, options, receivedAt);
    if (scan !== NOT_CANONICAL) {
      writer.addScanned(bytes, fields, scan === HAS_TIMESTAMP ? fields.timestamp : receivedAt);
      continue;
    }
    const parsed = parseOrderLine(bytes.subarray(start, end), options);
    if (parsed.ok) {
      parsed.order.timestamp ??= receivedAt;
      writer.addOrder(parsed.order as CoffeeOrder & { timestamp: number });
    } else {
      rejected.push(rejection(bytes, start, end, index, parsed.error));
    }
  }
  const lines = writer.finish();
  return { lines, accepted: ends.length - rejected.length, rejected };
}

/** {@link validateLines} into canonical JSON lines. */
function validateToLines(request: LineBatchRequest, spare?: ArrayBuffer): LineBatchResult {
  const { bytes, starts, ends, receivedAt, maxLineBytes } = request;
  const options = parseOptionsOf(maxLineBytes, receivedAt, request);
  const stamp = new Uint8Array(Buffer.from(`,"timestamp":${JSON.stringify(receivedAt)}`));
  const out = new ByteWriter(bytes.length + ends.length * (stamp.length + 1), spare);
  const outEnds = new Int32Array(new ArrayBuffer(ends.length * 4));
  const rejected: LineRejection[] = [];
  let accepted = 0;
  for (let index = 0; index < ends.length; index++) {
    const start = starts[index];
    const end = ends[index];
    const scan = scanLine(bytes, start, end, options, receivedAt);
    if (scan === NOT_CANONICAL) {
      const parsed = parseOrderLine(bytes.subarray(start, end), options);
      if (parsed.ok) {
        if (accepted > 0) {
          out.reserve(1);
          out.bytes[out.length++] = NEWLINE;
        }
        out.text(toStreamLine(parsed.order, receivedAt));
        outEnds[accepted++] = out.length;
      } else {
        rejected.push(rejection(bytes, start, end, index, parsed.error));
      }
    } else {
      out.reserve(end - start + stamp.length + 1);
      if (accepted > 0) {
        out.bytes[out.length++] = NEWLINE;
      }
      if (scan === HAS_TIMESTAMP) {
        out.copy(bytes, start, end);
      } else {
        out.copy(bytes, start, scan);
        out.bytes.set(stamp, out.length);
        out.length += stamp.length;
        out.copy(bytes, scan, end);
      }
      outEnds[accepted++] = out.length;
    }
  }
  return { lines: { bytes: out.bytes.subarray(0, out.length), ends: outEnds.subarray(0, accepted) }, accepted, rejected };
}
