import type { RedisClient as Redis } from './redis-target';
import { CanonicalOrderDecoder, CompactEntryDecoder, OrderColumns } from '@coffee/order-schema';
import { decodeOrderEntry, DEFAULT_MAX_ORDERS_PER_ENTRY } from './order-entry.codec';
import { OrderStreamSink } from './order-stream.sink';
import { RedisKeys } from './redis-keys';
import { RedisIoError } from './redis-io.error';
import type { DeadLetter, StreamBatch, StreamEntry } from './stream.contracts';
import { parseAutoClaimReply, parseReadGroupReply, type RawStreamEntry } from './stream-reply.parser';

/** Options for {@link OrderStreamSource}. */
export interface OrderStreamSourceOptions {
  /** Consumer name, stable across restarts of the same processor instance (e.g. host name + index). */
  consumer: string;
  /** Consumer group. Default `RedisKeys.PROCESSOR_GROUP`. */
  group?: string;
  /** Most stream entries per batch (each holds up to `maxOrdersPerEntry` orders). Default 10. */
  batchEntries?: number;
  /** How long one read for new entries blocks, ms (≥ 1). Default 1 000. */
  blockMs?: number;
  /** Entries pending this long, ms, are claimed from their consumer (presumed dead). Default 30 000. */
  claimIdleMs?: number;
  /** How often to look for such entries, ms. Default `claimIdleMs / 2`. */
  claimIntervalMs?: number;
  /**
   * When a read for new entries returns fewer than `batchEntries`, wait this long, ms, then take
   * what arrived meanwhile (without blocking) into the same batch. A processor that keeps up
   * otherwise applies many small batches, and an apply costs about the same whatever its size.
   * Adds at most this much latency to a batch that is not full. 0 = off (default).
   */
  gatherMs?: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RedisIoError('INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Reads the orders stream as one consumer of a consumer group: the processor's side. Never
 * acknowledges: the caller acknowledges entry ids in the stats store's atomic apply step, so an
 * entry is either counted and acknowledged, or still pending and handed out again.
 *
 * {@link next} returns, in this order of priority:
 * 1. `pending`: this consumer's own unacknowledged entries (after a restart, or after the
 *    connection was re-established), until there are none;
 * 2. `claimed`: entries idle for more than `claimIdleMs` in any consumer's pending list
 *    (`XAUTOCLAIM`; a sweep every `claimIntervalMs`);
 * 3. `new`: entries never delivered (`XREADGROUP … BLOCK blockMs`, topped up after `gatherMs` when
 *    the batch is not full), or null after `blockMs`.
 *
 * Use a dedicated connection (reads block); it stays the caller's to close.
 *
 * @example
 * const source = new OrderStreamSource(createRedis(url, { maxRetriesPerRequest: null }), keys, { consumer: 'processor-1' });
 * await source.ensureGroup();
 * for (let batch = await source.next(); running; batch = await source.next()) {
 *   if (batch) await store.apply(batch); // applies counts and XACKs batch.entries' ids atomically
 * }
 */
export class OrderStreamSource {
  private readonly consumer: string;
  private readonly group: string;
  private readonly batchEntries: number;
  private readonly blockMs: number;
  private readonly claimIdleMs: number;
  private readonly claimIntervalMs: number;
  /** Writes the dead letters of undecodable entries (the workspace's one dead-letter writer). */
  private readonly deadLetterSink: OrderStreamSink;
  private readonly gatherMs: number;
  private phase: 'pending' | 'live' = 'pending';
  private pendingCursor = '0';
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private closed = false;
  private reading: Promise<unknown> = Promise.resolve();
  private readonly onReady = (): void => this.rereadPending();
  /** Interns the branch, coffee and category strings of the entries this source decodes. */
  private readonly decoder = new CanonicalOrderDecoder();
  private readonly compactDecoder = new CompactEntryDecoder();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: OrderStreamSourceOptions,
  ) {
    if (options.consumer === '') {
      throw new RedisIoError('INVALID_OPTION', 'consumer must not be empty');
    }
    this.consumer = options.consumer;
    this.group = options.group ?? RedisKeys.PROCESSOR_GROUP;
    this.batchEntries = positiveInteger('batchEntries', options.batchEntries ?? 10);
    this.blockMs = positiveInteger('blockMs', options.blockMs ?? 1_000);
    this.claimIdleMs = positiveInteger('claimIdleMs', options.claimIdleMs ?? 30_000);
    this.claimIntervalMs = positiveInteger('claimIntervalMs', options.claimIntervalMs ?? Math.max(1, Math.round(this.claimIdleMs / 2)));
    this.deadLetterSink = new OrderStreamSink(redis, keys);
    this.gatherMs = options.gatherMs ?? 0;
    if (this.gatherMs !== 0) {
      positiveInteger('gatherMs', this.gatherMs);
    }
    // A reply lost with a dropped connection leaves entries pending here: re-read them first.
    redis.on('ready', this.onReady);
  }

  /** Creates the group if missing (`XGROUP CREATE … 0 MKSTREAM`), starting before the first entry so nothing is skipped. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.ordersStream, this.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) {
        throw error;
      }
    }
  }

  /** Makes the next {@link next} start again from this consumer's own pending entries. */
  rereadPending(): void {
    this.phase = 'pending';
    this.pendingCursor = '0';
  }

  /**
   * The next batch (see the class comment for the order), or null when nothing arrived within
   * `blockMs` or after {@link close}. Lines that do not parse are written to the dead-letter stream
   * and left out of `orders`; their entry is still handed out, to be acknowledged.
   *
   * @throws RedisIoError `GROUP_MISSING` when the group does not exist; connection errors as they come.
   */
  next(): Promise<StreamBatch | null> {
    const read = this.read();
    this.reading = read.catch(() => undefined);
    return read;
  }

  /** Stops handing out batches; resolves when a read in progress has finished (at most `blockMs`). */
  async close(): Promise<void> {
    this.closed = true;
    this.redis.off('ready', this.onReady);
    await this.reading;
  }

  private async read(): Promise<StreamBatch | null> {
    if (this.closed) {
      return null;
    }
    try {
      if (this.phase === 'pending') {
        const own = await this.readGroup(this.pendingCursor, false);
        if (own.length > 0) {
          this.pendingCursor = own[own.length - 1].id;
          return await this.toBatch(own, 'pending');
        }
        this.phase = 'live';
      }
      if (Date.now() >= this.nextClaimAt) {
        const claimed = await this.claim();
        if (claimed !== null) {
          return claimed;
        }
      }
      const fresh = await this.readGroup('>', true);
      if (fresh.length === 0) {
        return null;
      }
      if (this.gatherMs > 0 && fresh.length < this.batchEntries && !this.closed) {
        await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
        try {
          fresh.push(...(await this.readGroup('>', false, this.batchEntries - fresh.length)));
        } catch {
          // The entries read so far are handed out; whatever this read delivered stays pending for this
          // consumer: re-read after a reconnect, or claimed once idle for claimIdleMs.
        }
      }
      return await this.toBatch(fresh, 'new');
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOGROUP')) {
        throw new RedisIoError('GROUP_MISSING', `consumer group "${this.group}" of ${this.keys.ordersStream} does not exist: call ensureGroup()`, { cause: error });
      }
      throw error;
    }
  }

  private async readGroup(id: string, block: boolean, count = this.batchEntries): Promise<RawStreamEntry[]> {
    const blockArgs = block ? ['BLOCK', this.blockMs] : [];
    // Read as Buffers: entry bodies are decoded from their bytes, never turned into one big string.
    const reply = await this.redis.callBuffer('XREADGROUP', 'GROUP', this.group, this.consumer, 'COUNT', count, ...blockArgs, 'STREAMS', this.keys.ordersStream, id);
    return parseReadGroupReply(reply);
  }

  private async claim(): Promise<StreamBatch | null> {
    for (;;) {
      const reply = await this.redis.callBuffer('XAUTOCLAIM', this.keys.ordersStream, this.group, this.consumer, this.claimIdleMs, this.claimCursor, 'COUNT', this.batchEntries);
      const { cursor, entries } = parseAutoClaimReply(reply);
      this.claimCursor = cursor;
      if (cursor === '0-0') {
        this.nextClaimAt = Date.now() + this.claimIntervalMs;
      }
      if (entries.length > 0) {
        return this.toBatch(entries, 'claimed');
      }
      if (cursor === '0-0') {
        return null;
      }
    }
  }

  private async toBatch(raw: readonly RawStreamEntry[], source: StreamBatch['source']): Promise<StreamBatch> {
    const entries: StreamEntry[] = [];
    const rejected: DeadLetter[] = [];
    let orderCount = 0;
    // A fresh set per batch: the processor counts one batch while the next is read.
    const columns = new OrderColumns(raw.length * DEFAULT_MAX_ORDERS_PER_ENTRY);
    let inColumns = true;
    for (const { id, fields } of raw) {
      const decoded = decodeOrderEntry(this.keys.ordersStream, id, fields, this.decoder, this.compactDecoder, columns);
      entries.push(decoded.entry);
      for (const letter of decoded.rejected) {
        rejected.push(letter);
      }
      orderCount += decoded.orderCount;
      inColumns &&= decoded.inColumns;
    }
    if (rejected.length > 0) {
      await this.writeDeadLetters(rejected);
    }
    return inColumns ? { entries, orderCount, source, rejectedCount: rejected.length, columns } : { entries, orderCount, source, rejectedCount: rejected.length };
  }

  // Through the one dead-letter writer (the sink). At least once: a redelivered entry writes its
  // dead letters again (same `position`, so they can be told apart).
  private async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    await this.deadLetterSink.append({ lines: [], deadLetters: letters });
  }
}
