import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OrderStreamSink, withDeadline } from '@coffee/redis-io';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { OrderIntake } from '../../pipeline/order-intake';
import { orderRulesOf } from '../../pipeline/validate-lines';
import { CollectorRedis, type CollectorShard } from '../../redis/collector-redis';
import { IngestError } from './ingest.error';
import { bodyFormatOf, splitRequestBody } from './request-body.parser';
import { validateInputs, type InputError } from './validate-inputs';

/** The answer to `POST /orders`. */
export interface IngestResult {
  accepted: number;
  /** Every rejected input, counted (the errors listed may be fewer: `MAX_ERRORS_LISTED`). */
  rejected: number;
  /** The first rejected inputs, at most `MAX_ERRORS_LISTED`, in input order. */
  errors: InputError[];
}

/** An answer, and whether it is the stored answer of an earlier request with the same idempotency key. */
export interface IngestOutcome {
  result: IngestResult;
  replayed: boolean;
}

/** What is stored under an idempotency key: the request's fingerprint and its answer (so at most `MAX_ERRORS_LISTED` errors). */
interface Receipt {
  fingerprint: string;
  result: IngestResult;
}

/** Longest accepted `Idempotency-Key`, characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest('hex');
}

/** How long an ingest request waits for Redis to take its orders before answering 503, ms. */
const APPEND_TIMEOUT_MS = 5_000;
/** How long a request waits for a connection that is (re)connecting right now, ms. */
const READY_WAIT_MS = 500;

/**
 * Validates, stamps and stores HTTP-ingested orders; answers once they are in Redis. Every input
 * (the body, an array element, an NDJSON line) is validated from its own bytes by the same rules,
 * so the three body forms give the same verdict for the same order. Rejected inputs go to the HTTP
 * dead-letter stream, apart from other sources' evidence.
 */
@Injectable()
export class IngestService {
  /** One sink per order shard, writing that shard's HTTP dead letters. */
  private readonly sinks: readonly OrderStreamSink[];
  /** Round robin over the shards for requests without an idempotency key. */
  private nextShard = 0;
  private readonly intake: OrderIntake;

  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    metrics: CollectorMetrics,
  ) {
    this.intake = new OrderIntake({ ...orderRulesOf(config), maxLineBytes: config.maxLineBytes }, metrics);
    // REPLICA_WAIT_MS: a request is answered 202 only once a replica has its orders (and its receipt).
    this.sinks = redis.shards.map(
      (shard) =>
        new OrderStreamSink(redis.redis, shard.keys, {
          deadLetterStream: shard.keys.httpDeadLetterStream,
          deadLetterStreamMaxLength: config.ingestLimits.deadLetterMaxLength,
          ...(config.replicaWaitMs === undefined ? {} : { replicaWait: { timeoutMs: config.replicaWaitMs } }),
        }),
    );
  }

  /**
   * Stores a request's valid orders (and its rejected inputs as dead letters) and says what
   * happened to each. With an `idempotencyKey`, a retry of the same request (same key, same
   * body) within the receipt's lifetime writes nothing and gets the first answer again.
   */
  async ingest(body: unknown, contentType: string | undefined, idempotencyKey?: string): Promise<IngestOutcome> {
    const format = bodyFormatOf(contentType);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    if (idempotencyKey !== undefined && (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE_ASCII.test(idempotencyKey))) {
      throw new IngestError('INVALID_IDEMPOTENCY_KEY', `Idempotency-Key must be 1..${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`);
    }
    const limits = this.config.ingestLimits;
    const items = splitRequestBody(bytes, format, limits.maxInputs);
    const { batch, rejected, errors } = validateInputs(items, this.intake.batch('http', Date.now()), {
      requestId: randomUUID(),
      maxLineBytes: this.config.maxLineBytes,
      maxJsonDepth: limits.maxJsonDepth,
      maxRejected: limits.maxRejected,
      maxErrorsListed: limits.maxErrorsListed,
    });
    if (!(await this.redis.whenReady(READY_WAIT_MS))) {
      throw new IngestError('REDIS_UNAVAILABLE', 'Redis is unavailable; nothing was stored, retry later');
    }
    const result: IngestResult = { accepted: batch.lines.length, rejected, errors };
    const fingerprint = idempotencyKey === undefined ? '' : sha256(format, '\0', bytes);
    // The shard: by the key's digest (a retry lands on the shard holding its receipt), else round robin.
    const digest = idempotencyKey === undefined ? undefined : sha256(idempotencyKey);
    const shard = digest === undefined ? this.roundRobin() : this.redis.shardFor(digest);
    const sink = this.sinks[shard.index] ?? (this.sinks[0] as OrderStreamSink);
    const once =
      digest === undefined
        ? undefined
        : { key: shard.keys.ingestReceipt(digest), receipt: JSON.stringify({ fingerprint, result } satisfies Receipt), ttlSeconds: this.config.idempotencyTtlSeconds };
    const appended = await this.intake.commit(
      'http',
      items.length,
      batch,
      (validated) =>
        withDeadline(sink.append({ lines: validated.lines, deadLetters: validated.deadLetters, once }), APPEND_TIMEOUT_MS, () => {
          throw new IngestError('REDIS_UNAVAILABLE', 'Redis did not confirm the write in time; retry later');
        }),
      { wrote: (done) => done.receipt === undefined, evicted: (done) => done.deadLettersEvicted, evictedStream: 'http' },
    );
    const stored = appended.receipt;
    if (stored !== undefined) {
      const receipt = JSON.parse(stored) as Receipt;
      if (receipt.fingerprint !== fingerprint) {
        throw new IngestError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request body; nothing was stored');
      }
      return { result: receipt.result, replayed: true };
    }
    return { result, replayed: false };
  }

  private roundRobin(): CollectorShard {
    const shards = this.redis.shards;
    const shard = shards[this.nextShard % shards.length] ?? (shards[0] as CollectorShard);
    this.nextShard = (this.nextShard + 1) % shards.length;
    return shard;
  }
}
