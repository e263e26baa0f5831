import { parseOrderLine, type ParseOrderLineOptions } from '@coffee/order-schema';
import type { DeadLetter } from '@coffee/redis-io';
import { parseOptionsOf, toStreamLine, type OrderRuleSettings } from './validate-lines';

/** Why one input was rejected. */
export interface Rejection {
  code: string;
  message: string;
}

/** Options of an {@link OrderBatch}. */
export interface OrderBatchOptions extends OrderRuleSettings {
  /** Dead-letter `source`: `file:<path>`, `http`, the legacy list key. */
  source: string;
  maxLineBytes: number;
  /** Receive time stamped on orders that carry none, epoch ms. */
  receivedAt: number;
}

/**
 * Validated, stamped order lines and dead letters of one batch, ready for `OrderStreamSink.append`.
 * Orders without a time of their own get `receivedAt` (the original's Flume timestamp interceptor).
 */
export class OrderBatch {
  readonly lines: string[] = [];
  readonly deadLetters: DeadLetter[] = [];
  /** Rejections per error code. */
  readonly rejectedByCode = new Map<string, number>();

  private readonly parseOptions: ParseOrderLineOptions;

  constructor(private readonly options: OrderBatchOptions) {
    this.parseOptions = parseOptionsOf(options.maxLineBytes, options.receivedAt, options);
  }

  /**
   * Validates one line (without its `\n`); returns the rejection, or undefined when accepted.
   * `position` may be a function, called only for a rejected line (saves building a string per line).
   */
  add(raw: string | Uint8Array, position: string | (() => string)): Rejection | undefined {
    const parsed = parseOrderLine(raw, this.parseOptions);
    if (!parsed.ok) {
      return this.reject(raw, parsed.error.code, parsed.error.message, typeof position === 'string' ? position : position());
    }
    this.lines.push(toStreamLine(parsed.order, this.options.receivedAt));
    return undefined;
  }

  /** Records a rejected input as a dead letter. */
  reject(raw: string | Uint8Array, code: string, message: string, position: string): Rejection {
    const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    const letter: DeadLetter = { raw: text, code, message, source: this.options.source, position };
    if (typeof raw !== 'string') {
      // The input's own size: invalid UTF-8 decoded to U+FFFD would count 3 bytes per bad byte.
      letter.rawBytes = raw.byteLength;
    }
    this.deadLetters.push(letter);
    this.rejectedByCode.set(code, (this.rejectedByCode.get(code) ?? 0) + 1);
    return { code, message };
  }
}
