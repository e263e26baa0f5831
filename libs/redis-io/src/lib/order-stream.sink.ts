import type { RedisClient as Redis } from './redis-target';
import { DEAD_LETTER_RAW_MAX_BYTES, DEAD_LETTER_STREAM_MAX_LENGTH, pushDeadLetterArgs } from './dead-letter.codec';
import { InFlightLimiter } from './in-flight-limiter';
import { DEFAULT_MAX_ORDERS_PER_ENTRY, encodeOrderEntries } from './order-entry.codec';
import { RedisKeys } from './redis-keys';
import { RedisIoError } from './redis-io.error';
import { waitForReplicas, type ReplicaWait } from './replica-wait';
import { APPEND_ORDERS_WITH_CHECKPOINT } from './scripts/append-orders-with-checkpoint.lua';
import { scriptCaller, type ScriptCall } from './scripts/lua-script';
import { decodePosition, encodePosition } from './source-position.codec';
import type { AppendBatch, AppendResult, DeadLetter, SourcePosition } from './stream.contracts';
import { trimAcknowledged } from './trim-acknowledged';

/** Options for {@link OrderStreamSink}. */
export interface OrderStreamSinkOptions {
  /** Most order lines per stream entry. Default 500. */
  maxOrdersPerEntry?: number;
  /** Most appends awaiting Redis at once; further appends queue in order. Default 16. */
  maxInFlight?: number;
  /**
   * Refuse appends (`STREAM_FULL`, nothing written) while the orders stream holds this many entries
   * or more, instead of trimming: entries are only removed once acknowledged (see `trimAcknowledged`).
   * {@link OrderStreamSink.whenWritable} then waits, trimming acknowledged entries, until there is room.
   * 0 = no limit (default).
   */
  maxStreamLength?: number;
  /** Consumer group whose acknowledgements free room when the stream is full. Default `RedisKeys.PROCESSOR_GROUP`. */
  group?: string;
  /** Cap of a dead letter's `raw`, bytes. Default 4 096. */
  maxDeadLetterRawBytes?: number;
  /** Approximate cap of the dead-letter stream, entries (oldest dropped). Default 100 000. */
  deadLetterStreamMaxLength?: number;
  /**
   * The dead-letter stream this sink writes to. Default `keys.deadLetterStream`; HTTP ingest writes
   * to `keys.httpDeadLetterStream`, so its clients cannot evict the evidence of other sources.
   */
  deadLetterStream?: string;
  /**
   * Most dead letters per script call (keeps each call to a few ms). An append with more writes
   * its first ones in leading calls (each re-checking the append's conditions) and the last ones
   * with its entries and position. Default {@link DEFAULT_DEAD_LETTER_CHUNK}.
   */
  deadLetterChunkSize?: number;
  /**
   * Wait for replicas after each append (`REPLICA_WAIT_MS`): the append resolves only once
   * `WAIT replicas timeoutMs` confirms it (also when it was already committed), else it throws
   * `REDIS_UNAVAILABLE` and the caller retries it. Default: none (no extra round trip).
   */
  replicaWait?: ReplicaWait;
}

/** Default most dead letters per script call. */
export const DEFAULT_DEAD_LETTER_CHUNK = 500;

/** Awaits every promise (none left unhandled), then throws the first failure in call order. */
async function settleInOrder(promises: Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((outcome) => {
    if (outcome.status === 'rejected') {
      throw outcome.reason;
    }
    return outcome.value;
  });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RedisIoError('INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Writes accepted orders (and rejected input) to the orders stream: the collector's side.
 *
 * Each {@link append} is one Lua script call (`append-orders-with-checkpoint`), so its entries,
 * dead letters and source position are stored all or nothing. Appends are pipelined on the one
 * connection, at most `maxInFlight` at a time, and reach Redis in call order (so a chain of
 * checkpointed appends can be in flight together).
 *
 * @example
 * const sink = new OrderStreamSink(redis, new RedisKeys());
 * const before = await sink.readPosition('/var/log/orders.log');
 * await sink.whenWritable();
 * await sink.append({ lines, deadLetters, checkpoint: { expected: before, next } });
 */
export class OrderStreamSink {
  private readonly limiter: InFlightLimiter;
  private readonly maxOrdersPerEntry: number;
  private readonly maxStreamLength: number;
  private readonly group: string;
  private readonly maxRawBytes: number;
  private readonly deadMaxLength: number;
  private readonly deadStream: string;
  private readonly deadChunk: number;
  private readonly appendScript: ScriptCall;
  private readonly replicaWait: ReplicaWait | undefined;
  private full = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: OrderStreamSinkOptions = {},
  ) {
    this.maxOrdersPerEntry = positiveInteger('maxOrdersPerEntry', options.maxOrdersPerEntry ?? DEFAULT_MAX_ORDERS_PER_ENTRY);
    this.limiter = new InFlightLimiter(positiveInteger('maxInFlight', options.maxInFlight ?? 16));
    this.maxStreamLength = options.maxStreamLength ?? 0;
    if (this.maxStreamLength !== 0) {
      positiveInteger('maxStreamLength', this.maxStreamLength);
    }
    this.group = options.group ?? RedisKeys.PROCESSOR_GROUP;
    this.maxRawBytes = positiveInteger('maxDeadLetterRawBytes', options.maxDeadLetterRawBytes ?? DEAD_LETTER_RAW_MAX_BYTES);
    this.deadMaxLength = positiveInteger('deadLetterStreamMaxLength', options.deadLetterStreamMaxLength ?? DEAD_LETTER_STREAM_MAX_LENGTH);
    this.deadStream = options.deadLetterStream ?? keys.deadLetterStream;
    this.deadChunk = positiveInteger('deadLetterChunkSize', options.deadLetterChunkSize ?? DEFAULT_DEAD_LETTER_CHUNK);
    this.appendScript = scriptCaller(redis, APPEND_ORDERS_WITH_CHECKPOINT);
    this.replicaWait = options.replicaWait;
    if (this.replicaWait !== undefined) {
      positiveInteger('replicaWait.timeoutMs', this.replicaWait.timeoutMs);
    }
  }

  /** Appends awaiting Redis's answer now (never more than `maxInFlight`). */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /** Appends waiting for an in-flight slot (only when callers ignore {@link whenWritable}). */
  get queued(): number {
    return this.limiter.queued;
  }

  /**
   * Atomically (one Lua script) appends the order lines as entries of at most `maxOrdersPerEntry`
   * lines, the dead letters, and — with `checkpoint` — sets the source position to `next` if the
   * stored one equals `expected` — or, with `once`, only if its receipt key does not exist yet.
   * Resolves once Redis has executed it. Encoded lines' bytes must stay unchanged until the
   * returned promise settles (the collector then reuses them): a connection with a
   * `commandTimeout` could settle first and resend later, so {@link createRedis} sets none.
   *
   * @returns the new entry ids; `alreadyCommitted` when the stored position already was `next`
   *   (the same batch committed before, e.g. resent after a reconnect): nothing written again.
   * @throws RedisIoError `CHECKPOINT_CONFLICT` (nothing written; `storedPosition` tells where to
   *   resume reading), `STREAM_FULL` (nothing written; wait with {@link whenWritable}),
   *   `INVALID_INPUT` (a line with `\n`, a bad position), or the connection's error.
   */
  async append(batch: AppendBatch): Promise<AppendResult> {
    const entryArgs = encodeOrderEntries(batch.lines, this.maxOrdersPerEntry);
    const deadLetters = batch.deadLetters ?? [];
    const { checkpoint, once } = batch;
    if (entryArgs.length === 0 && deadLetters.length === 0 && checkpoint === undefined && once === undefined) {
      return { entryIds: [], alreadyCommitted: false };
    }
    let positionsKey = this.keys.collectorOffsets;
    const checkpointArgs = ['0', '', '', ''];
    if (checkpoint !== undefined && once !== undefined) {
      throw new RedisIoError('INVALID_INPUT', 'an append takes a checkpoint or once, not both');
    }
    if (once !== undefined) {
      if (once.key === '' || !Number.isSafeInteger(once.ttlSeconds) || once.ttlSeconds < 1) {
        throw new RedisIoError('INVALID_INPUT', `once: needs a key and a positive integer ttlSeconds, got ${JSON.stringify(once.key)} and ${once.ttlSeconds}`);
      }
      positionsKey = once.key;
      checkpointArgs.splice(0, 4, '2', String(once.ttlSeconds), '', once.receipt);
    } else if (checkpoint !== undefined) {
      const { expected, next } = checkpoint;
      if (expected !== null && expected.sourceId !== next.sourceId) {
        throw new RedisIoError('INVALID_INPUT', `checkpoint expected.sourceId "${expected.sourceId}" differs from next.sourceId "${next.sourceId}"`);
      }
      checkpointArgs.splice(0, 4, '1', next.sourceId, expected === null ? '' : encodePosition(expected), encodePosition(next));
    }
    // Dead letters beyond one chunk go first, in leading calls that re-check the append's
    // conditions (a refused append writes none of them). All calls of an append are sent back to
    // back (nothing else of this client between them) and answered in order. Should the process
    // or Redis fail between them, a retry writes the leading dead letters again: dead letters of an
    // append over one chunk are at least once; orders, positions and receipts stay exactly once.
    const leadingCount = Math.max(0, Math.ceil(deadLetters.length / this.deadChunk) - 1) * this.deadChunk;
    const hasEntries = entryArgs.length > 0;
    const calls: (string | Buffer)[][] = [];
    for (let from = 0; from < leadingCount; from += this.deadChunk) {
      calls.push(this.callArgs(positionsKey, [], deadLetters.slice(from, from + this.deadChunk), checkpointArgs, true, hasEntries));
    }
    calls.push(this.callArgs(positionsKey, entryArgs, leadingCount === 0 ? deadLetters : deadLetters.slice(leadingCount), checkpointArgs, false, hasEntries));
    // Taking a free slot synchronously keeps appends in call order on the wire.
    if (!this.limiter.tryAcquire()) {
      await this.limiter.acquire();
    }
    let replies: unknown[];
    try {
      replies = calls.length === 1 ? [await this.appendScript(calls[0])] : await settleInOrder(calls.map((args) => this.appendScript(args)));
      if (this.replicaWait !== undefined) {
        await waitForReplicas(this.redis, this.keys.ordersStream, this.replicaWait);
      }
    } finally {
      this.limiter.release();
    }
    let evicted = 0;
    for (let i = 0; i < replies.length - 1; i++) {
      const reply = replies[i];
      if (!Array.isArray(reply) || reply[0] !== 'OK') {
        return this.interpret(reply, checkpoint?.next);
      }
      evicted += Number(reply[1]);
    }
    const result = this.interpret(replies[replies.length - 1], checkpoint?.next);
    if (evicted > 0) {
      result.deadLettersEvicted = (result.deadLettersEvicted ?? 0) + evicted;
    }
    return result;
  }

  /** Arguments of one script call (as one array: no spreading into a call, whatever the size). */
  private callArgs(positionsKey: string, entryArgs: readonly (string | Buffer)[], deadLetters: readonly DeadLetter[], checkpointArgs: readonly string[], leading: boolean, hasEntries: boolean): (string | Buffer)[] {
    const args: (string | Buffer)[] = [
      this.keys.ordersStream,
      this.deadStream,
      positionsKey,
      String(entryArgs.length / 2),
      String(deadLetters.length),
      checkpointArgs[0],
      checkpointArgs[1],
      checkpointArgs[2],
      checkpointArgs[3],
      hasEntries ? String(this.maxStreamLength) : '0',
      String(this.deadMaxLength),
      leading ? '1' : '0',
    ];
    for (const arg of entryArgs) {
      args.push(arg);
    }
    for (const letter of deadLetters) {
      pushDeadLetterArgs(args, letter, this.maxRawBytes);
    }
    return args;
  }

  /** The committed position of a source, or null when none was stored. */
  async readPosition(sourceId: string): Promise<SourcePosition | null> {
    const stored = await this.redis.hget(this.keys.collectorOffsets, sourceId);
    return stored === null ? null : decodePosition(sourceId, stored);
  }

  /**
   * Backpressure: resolves when an append would start at once (fewer than `maxInFlight` in flight,
   * none queued) and, after a `STREAM_FULL`, once acknowledged entries were trimmed and the stream
   * has room again (polling with backoff up to 1 s).
   */
  async whenWritable(): Promise<void> {
    await this.limiter.whenAvailable();
    let delayMs = 25;
    while (this.full) {
      await trimAcknowledged(this.redis, this.keys, this.group);
      if ((await this.redis.xlen(this.keys.ordersStream)) < this.maxStreamLength) {
        this.full = false;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 1_000);
    }
  }

  private interpret(reply: unknown, next: SourcePosition | undefined): AppendResult {
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
      throw new RedisIoError('UNEXPECTED_REPLY', `append script answered ${JSON.stringify(reply)}`);
    }
    const [status, ...rest] = reply as string[];
    switch (status) {
      case 'OK': {
        const evicted = Number(rest.pop() ?? '0');
        return evicted > 0 ? { entryIds: rest, alreadyCommitted: false, deadLettersEvicted: evicted } : { entryIds: rest, alreadyCommitted: false };
      }
      case 'COMMITTED':
        return rest[0] === undefined ? { entryIds: [], alreadyCommitted: true } : { entryIds: [], alreadyCommitted: true, receipt: rest[0] };
      case 'CONFLICT': {
        const sourceId = next?.sourceId ?? '';
        const stored = rest[0] === '' || rest[0] === undefined ? null : decodePosition(sourceId, rest[0]);
        const where = stored === null ? 'none' : `${stored.fileId}@${stored.offset}`;
        throw new RedisIoError('CHECKPOINT_CONFLICT', `source "${sourceId}" is at ${where}, not at the expected position; nothing was written`, { storedPosition: stored });
      }
      case 'FULL':
        this.full = true;
        throw new RedisIoError('STREAM_FULL', `orders stream ${this.keys.ordersStream} holds ${rest[0]} entries (limit ${this.maxStreamLength}); nothing was written`);
      default:
        throw new RedisIoError('UNEXPECTED_REPLY', `append script answered ${status}`);
    }
  }
}
