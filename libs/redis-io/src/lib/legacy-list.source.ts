import type { RedisClient as Redis } from './redis-target';
import { DEAD_LETTER_RAW_MAX_BYTES, DEAD_LETTER_STREAM_MAX_LENGTH, deadLetterArgs } from './dead-letter.codec';
import { DEFAULT_MAX_ORDERS_PER_ENTRY, encodeOrderEntries } from './order-entry.codec';
import type { RedisKeys } from './redis-keys';
import { RedisIoError } from './redis-io.error';
import { COMMIT_LEGACY_BATCH } from './scripts/commit-legacy-batch.lua';
import { scriptCaller, type ScriptCall } from './scripts/lua-script';
import { TAKE_LEGACY_BATCH } from './scripts/take-legacy-batch.lua';
import type { LegacyHandOff } from './stream.contracts';

/** Options for {@link LegacyListSource}. */
export interface LegacyListSourceOptions {
  /** Reader name, stable across restarts: it names the processing list that is recovered on start. */
  consumer: string;
  /** Most elements handed to the handler at once. Default 500. */
  batchSize?: number;
  /** How long one wait for a new element blocks, ms; also the longest delay before `run` sees an abort. Default 1 000. */
  blockMs?: number;
  /** Most order lines per stream entry. Default 500. */
  maxOrdersPerEntry?: number;
}

/**
 * Turns raw list elements (as the original producer pushed them, unvalidated, decoded as UTF-8)
 * into what to append.
 * The source writes the result and removes the elements in one atomic step after it resolves; if it
 * throws, `run` rejects and the elements stay in the processing list, handed again on the next run.
 */
export type LegacyListHandler = (rawElements: string[], context: { source: string }) => Promise<LegacyHandOff> | LegacyHandOff;

/** Counters of one {@link LegacyListSource.run}. */
export interface LegacyListRunStats {
  /** Elements handed over and removed. */
  elements: number;
  /** Order lines appended to the stream. */
  lines: number;
  /** Dead letters written. */
  deadLetters: number;
}

/** Elements in hand ({@link LegacyListSource.take}) and the commit counter they must be committed against. */
export interface LegacyTakenBatch {
  /** The commit counter when the batch was taken (opaque to callers). */
  readonly counter: number;
  /** Raw elements, in list order, decoded as UTF-8. */
  readonly elements: string[];
}

/**
 * Reliable reader of the original's Redis list `CoffeeOrderQueue` (filled with `RPUSH` by Flume's
 * RedisSink), so an existing producer can feed the orders stream without losing an order.
 *
 * Each element is first moved (LEFT→RIGHT, atomically: `BLMOVE` to wait for the first, the
 * `take-legacy-batch` script for up to `batchSize`) into this reader's processing list
 * `CoffeeOrderQueue:processing:<consumer>`, handed to the handler, and then, in one Lua script
 * (`commit-legacy-batch`), appended to the orders stream and removed from the processing list
 * while a commit counter advances. The commit only happens if the counter still has the value it
 * had when the batch was taken, so repeating it (a command resent after a reconnect) writes
 * nothing. Killed before the commit: the elements are still in the processing list and are handed
 * again on start. Killed after it: they are in the stream and gone from the list. Either way each
 * element reaches the stream exactly once.
 *
 * Use a dedicated connection (reads block); it stays the caller's to close. One reader per consumer name.
 *
 * @example
 * const legacy = new LegacyListSource(createRedis(url, { maxRetriesPerRequest: null }), keys, { consumer: 'collector-1' });
 * await legacy.run(async (raw, { source }) => validateAll(raw, source), abort.signal); // → { lines, deadLetters }
 */
export class LegacyListSource {
  private readonly processing: string;
  private readonly batchSize: number;
  private readonly blockMs: number;
  private readonly maxOrdersPerEntry: number;
  private readonly committed: string;
  private readonly takeScript: ScriptCall;
  private readonly commitScript: ScriptCall;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: LegacyListSourceOptions,
  ) {
    if (options.consumer === '') {
      throw new RedisIoError('INVALID_OPTION', 'consumer must not be empty');
    }
    this.processing = keys.legacyProcessing(options.consumer);
    this.committed = keys.legacyCommitted(options.consumer);
    this.batchSize = options.batchSize ?? 500;
    this.blockMs = options.blockMs ?? 1_000;
    this.maxOrdersPerEntry = options.maxOrdersPerEntry ?? DEFAULT_MAX_ORDERS_PER_ENTRY;
    for (const [name, value] of [['batchSize', this.batchSize], ['blockMs', this.blockMs], ['maxOrdersPerEntry', this.maxOrdersPerEntry]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RedisIoError('INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
      }
    }
    this.takeScript = scriptCaller(redis, TAKE_LEGACY_BATCH);
    this.commitScript = scriptCaller(redis, COMMIT_LEGACY_BATCH);
  }

  /**
   * Hands batches to `handler` until `signal` aborts (checked between batches; a blocking wait ends
   * within `blockMs`). Starts with whatever a previous run left in the processing list.
   *
   * @throws whatever the handler or Redis throws; the batch in hand stays in the processing list.
   */
  async run(handler: LegacyListHandler, signal: AbortSignal): Promise<LegacyListRunStats> {
    const stats: LegacyListRunStats = { elements: 0, lines: 0, deadLetters: 0 };
    while (!signal.aborted) {
      const batch = await this.take();
      if (batch.elements.length === 0) {
        continue;
      }
      const handOff = await handler(batch.elements, { source: this.keys.legacyList });
      if (await this.commit(batch, handOff)) {
        stats.elements += batch.elements.length;
        stats.lines += handOff.lines.length;
        stats.deadLetters += handOff.deadLetters?.length ?? 0;
      }
    }
    return stats;
  }

  /**
   * The head of the processing list topped up from the queue (whatever a crashed run left there
   * first); waits up to `blockMs` when both are empty (then no elements). Pass it, with what to
   * append, to {@link commit}; until then the elements stay in the processing list.
   */
  async take(): Promise<LegacyTakenBatch> {
    const batch = await this.takeBatch();
    if (batch.elements.length > 0) {
      return batch;
    }
    const first = await this.redis.blmove(this.keys.legacyList, this.processing, 'LEFT', 'RIGHT', this.blockMs / 1_000);
    return first === null ? batch : this.takeBatch();
  }

  private async takeBatch(): Promise<LegacyTakenBatch> {
    const reply = await this.takeScript(this.keys.legacyList, this.processing, this.committed, this.batchSize);
    if (!Array.isArray(reply) || typeof reply[0] !== 'number') {
      throw new RedisIoError('UNEXPECTED_REPLY', 'take-legacy-batch answered something other than a counter and elements');
    }
    const [counter, ...elements] = reply as [number, ...unknown[]];
    const strings = elements.filter((element): element is string => typeof element === 'string');
    if (strings.length !== elements.length) {
      throw new RedisIoError('UNEXPECTED_REPLY', 'take-legacy-batch answered a non-string element');
    }
    return { counter, elements: strings };
  }

  /**
   * Appends `handOff` (the batch's validated lines and dead letters) to the streams and removes the
   * batch from the processing list, in one atomic step. True when written now; false when the batch
   * was no longer at the head (committed already: a resent command, another run).
   */
  async commit(batch: LegacyTakenBatch, handOff: LegacyHandOff): Promise<boolean> {
    const entryArgs = encodeOrderEntries(handOff.lines, this.maxOrdersPerEntry);
    const deadLetters = handOff.deadLetters ?? [];
    const args: (string | Buffer)[] = [
      this.processing,
      this.committed,
      this.keys.ordersStream,
      this.keys.deadLetterStream,
      String(batch.elements.length),
      String(batch.counter),
      String(entryArgs.length / 2),
      String(deadLetters.length),
      String(DEAD_LETTER_STREAM_MAX_LENGTH),
      ...entryArgs,
    ];
    for (const letter of deadLetters) {
      args.push(...deadLetterArgs(letter, DEAD_LETTER_RAW_MAX_BYTES));
    }
    const reply = await this.commitScript(...args);
    if (!Array.isArray(reply) || (reply[0] !== 'OK' && reply[0] !== 'STALE')) {
      throw new RedisIoError('UNEXPECTED_REPLY', `commit-legacy-batch answered ${JSON.stringify(reply)}`);
    }
    return reply[0] === 'OK';
  }
}
