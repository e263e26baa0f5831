import type { LoggerService } from '@nestjs/common';
import { RedisIoError, withDeadline, type DeadLetter, type OrderStreamSink, type SourcePosition } from '@coffee/redis-io';
import { RetryTracker } from '@coffee/service-kit';
import type { CollectorMetrics } from '../metrics/collector.metrics';
import type { FilePosition, OrderSource, TailChunk } from './order-source';
import type { LineValidatorPool } from './line-validator-pool';

/** Thrown for appends not sent because one before them failed (they will be read again). */
const SKIPPED = new Error('not sent: an earlier append failed');

/** What the pump needs of the sink. */
export type CheckpointSink = Pick<OrderStreamSink, 'append' | 'readPosition' | 'whenWritable'>;

/** What the pump logs through. */
export type PumpLogger = Pick<LoggerService, 'log' | 'warn' | 'error'>;

/** Options of a {@link SourcePump}. */
export interface SourcePumpOptions {
  /** Source id of the committed position: the file's absolute path. */
  sourceId: string;
  /** Report the source's bytes behind as a gauge (a long-lived source: a tailed file). Default true. */
  trackLag?: boolean;
  /** The `source` of its dead letters. Default `file:<sourceId>`. */
  deadLetterSource?: string;
  /** The `source` label of its metrics. Default the source id. */
  metricLabel?: string;
  /** Most lines per commit. */
  batchSize: number;
  /** How long a batch that is not full waits for more lines, ms. */
  flushIntervalMs: number;
  maxLineBytes: number;
  /** Where to start in a file when no position was ever committed. */
  startPosition: 'beginning' | 'end';
  /** Appends awaiting Redis at once (pipelined; each expects the position the previous one sets). Default 4. */
  maxInFlight?: number;
  /** Longest wait between retries while Redis is unreachable, ms. Default 5 000 (ignored when `retry` is given). */
  retryMaxMs?: number;
  /** Backoff, failure count and rate-limited cause lines of this pump's commits (e.g. from `ServiceHealth`). */
  retry?: RetryTracker;
  /** Clock for receive-time stamps, epoch ms. */
  now?: () => number;
}

/**
 * Moves one {@link OrderSource} (a tailed file, a spooled file) into the orders stream, exactly once: every batch is appended together
 * with a compare-and-set of the file's position (one atomic step in Redis), so a crash, a Redis
 * outage or a rival collector can never skip or repeat a line. On any failed append the pump
 * waits for the appends in flight, reads the committed position back (retrying with backoff while
 * Redis is away) and re-reads the file from there; meanwhile nothing more is read.
 */
export class SourcePump {
  private readonly maxInFlight: number;
  private readonly retry: RetryTracker;
  private readonly now: () => number;
  private readonly source: string;
  private readonly label: string;
  private readonly inFlight = new Set<Promise<void>>();
  /** Settles once the last queued append was issued (or given up). */
  private issueChain: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  /** The position the next append expects to find stored. */
  private sent: SourcePosition | null = null;
  /** Where reading started when nothing had been committed (`end` start), to come back to after a failure. */
  private origin: FilePosition | null = null;
  private stopping = false;
  private running: Promise<void> | null = null;
  private interruptSleep: (() => void) | null = null;
  /** The last position known to be committed. */
  committed: SourcePosition | null = null;

  constructor(
    private readonly tailer: OrderSource,
    private readonly sink: CheckpointSink,
    private readonly validator: Pick<LineValidatorPool, 'validate' | 'release'>,
    private readonly metrics: CollectorMetrics,
    private readonly logger: PumpLogger,
    private readonly options: SourcePumpOptions,
  ) {
    this.maxInFlight = options.maxInFlight ?? 4;
    this.retry = options.retry ?? new RetryTracker(`commit of ${options.sourceId}`, { maxMs: options.retryMaxMs ?? 5_000, logger });
    this.now = options.now ?? Date.now;
    this.source = options.deadLetterSource ?? `file:${options.sourceId}`;
    this.label = options.metricLabel ?? options.sourceId;
    if (options.trackLag ?? true) {
      metrics.trackFile(options.sourceId, () => tailer.bytesBehind);
    }
  }

  /** Starts pumping in the background. */
  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      this.logger.error(`tail of ${this.options.sourceId} stopped: ${describe(error)}`);
    });
  }

  /** Settles when the pump stopped: {@link stop} was called, or a finite source was read to its end and all of it committed. */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /**
   * Stops reading, commits what was already read (the batch in flight), and resolves once the
   * appends in flight settled or `timeoutMs` passed (whatever is not committed is re-read on the
   * next start).
   */
  async stop(timeoutMs = 3_000): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.tailer.close();
    await withDeadline(this.running ?? Promise.resolve(), timeoutMs, () => undefined);
  }

  private async run(): Promise<void> {
    await this.resync(true);
    for (;;) {
      if (this.failure !== undefined) {
        if (this.stopping) {
          break;
        }
        await this.recover();
        continue;
      }
      if (this.stopping) {
        break;
      }
      let chunk: TailChunk;
      try {
        chunk = await this.tailer.read(this.options.batchSize, this.options.flushIntervalMs);
      } catch (error) {
        this.failure ??= error;
        continue;
      }
      if (chunk.lines.size > 0 || chunk.blank > 0) {
        await this.submit(chunk);
      } else if (this.tailer.ended === true) {
        // A finite source read to its end: done once everything sent is committed.
        await Promise.allSettled([...this.inFlight]);
        if (this.failure === undefined) {
          break;
        }
      } else if (this.retry.consecutiveFailures > 0 && this.inFlight.size === 0 && this.failure === undefined && this.tailer.bytesBehind === 0) {
        // Read to the end of the file with everything read committed: whatever failed before is over.
        this.retry.success();
      }
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Hands a chunk to validation (maybe on a worker thread) and queues its append. Appends are
   * issued strictly in chunk order, each as soon as its validation is done and the one before
   * was issued, so several can be in flight on the connection while the next chunk is read.
   */
  private async submit(chunk: TailChunk): Promise<void> {
    const receivedAt = this.now();
    const fileId = chunk.fileId;
    const lines = chunk.lines;
    const tooLong = lines.tooLong.map((line) => ({
      offset: line.offset,
      letter: this.deadLetter(line.head.toString('utf8'), 'LINE_TOO_LONG', `LINE_TOO_LONG: ${line.length} bytes, the limit is ${this.options.maxLineBytes}`, fileId, line.offset, line.length),
    }));
    const offsets = lines.offsets;
    // The chunk's buffers are its own: handed to validation (a worker thread) as they are.
    const count = lines.count;
    const validation = this.validator.validate({
      bytes: lines.bytes.subarray(0, lines.byteLength),
      starts: lines.starts.subarray(0, count),
      ends: lines.ends.subarray(0, count),
      receivedAt,
      maxLineBytes: this.options.maxLineBytes,
    });
    const next: SourcePosition = { sourceId: this.options.sourceId, fileId, offset: chunk.endOffset };
    const expected = this.sent;
    this.sent = next;
    const label = { source: this.label };

    const issued = this.issueChain
      .then(() => validation)
      .then(async (result) => {
        if (this.failure !== undefined) {
          throw SKIPPED;
        }
        const rejected = result.rejected.map((r) => ({ offset: offsets[r.index], letter: this.deadLetter(r.raw, r.code, r.message, fileId, offsets[r.index], r.rawBytes) }));
        const deadLetters = tooLong.length === 0 ? rejected.map((r) => r.letter) : [...tooLong, ...rejected].sort((a, b) => a.offset - b.offset).map((r) => r.letter);
        await this.sink.whenWritable();
        const started = performance.now();
        // Wrapped, so the chain waits for the append to be sent, not to be answered.
        return { result, deadLetters, started, append: this.sink.append({ lines: result.lines, deadLetters, checkpoint: { expected, next } }) };
      });
    this.issueChain = issued.then(
      () => undefined,
      () => undefined,
    );
    const stage = issued
      .then(async ({ result, deadLetters, started, append }) => {
        const accepted = result.lines.ends.length;
        try {
          await append;
        } finally {
          // ioredis is done with the bytes once the append settled; the result is not read after this.
          this.validator.release(result);
        }
        this.committed = next;
        this.retry.success();
        this.metrics.countCommit(this.label, { read: lines.size + chunk.blank, blank: chunk.blank, accepted, rejectedByCode: countByCode(deadLetters), seconds: (performance.now() - started) / 1000 });
      })
      .catch((error: unknown) => {
        if (error === SKIPPED) {
          return;
        }
        this.failure ??= error;
        // A read waiting for new lines returns now, so the pump retries without waiting for the file to grow.
        this.tailer.interrupt();
        this.metrics.commitFailures.inc({ ...label, reason: error instanceof RedisIoError ? error.code : 'REDIS_ERROR' });
      })
      .finally(() => this.inFlight.delete(stage));
    this.inFlight.add(stage);
    while (this.inFlight.size >= this.maxInFlight) {
      await Promise.race(this.inFlight);
    }
  }

  private deadLetter(raw: string, code: string, message: string, fileId: string, offset: number, rawBytes: number): DeadLetter {
    return { raw, code, message, source: this.source, position: `${fileId}@${offset}`, rawBytes };
  }

  /**
   * After a failed append: let the rest settle, wait out the backoff (capped, jittered: a cause that
   * does not clear costs an attempt every few seconds and a log line now and then), then continue
   * from what Redis holds.
   */
  private async recover(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const error = this.failure;
    this.failure = undefined;
    if (error instanceof RedisIoError && error.code === 'CHECKPOINT_CONFLICT') {
      const stored = error.storedPosition;
      const where = stored === null || stored === undefined ? 'no position' : `${stored.fileId}@${stored.offset}`;
      this.logger.warn(`position of ${this.options.sourceId} was moved by someone else (now ${where}); continuing from the stored position`);
    }
    // The tracker logs the cause (rate-limited): STREAM_FULL waits for processors, OOM for memory, and so on.
    await this.sleep(this.retry.failure(error));
    await this.resync(false);
  }

  /** Reads the committed position (retrying with backoff while Redis is unreachable) and seeks the tailer there. */
  private async resync(first: boolean): Promise<void> {
    let stored: SourcePosition | null;
    for (;;) {
      if (this.stopping) {
        return;
      }
      try {
        await this.sink.whenWritable();
        stored = await this.sink.readPosition(this.options.sourceId);
        break;
      } catch (error) {
        await this.sleep(this.retry.failure(error));
      }
    }
    this.committed = stored;
    this.sent = stored;
    const from = stored === null ? this.origin : { fileId: stored.fileId, offset: stored.offset };
    try {
      const opened = await this.tailer.seek(from, first ? this.options.startPosition : 'beginning');
      if (stored === null && this.origin === null) {
        this.origin = opened;
      }
    } catch (error) {
      // recover() backs off before the next attempt.
      this.failure ??= error;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.interruptSleep = done;
    });
  }
}

function countByCode(letters: readonly DeadLetter[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const letter of letters) {
    counts.set(letter.code, (counts.get(letter.code) ?? 0) + 1);
  }
  return counts;
}

function describe(error: unknown): string {
  if (error instanceof RedisIoError) {
    return `${error.code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
